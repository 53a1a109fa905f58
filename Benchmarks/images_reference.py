#!/usr/bin/env python3
"""Pillow's decoding speed on the photos, for `ebm-bench images`.

Decodes each file from bytes in memory (no disk I/O) with Pillow (libjpeg-turbo, zlib), best of
several runs after a warm-up, and prints one JSON object per format:
{"benchmark": "pillow-decode-jpeg", "shape": "...", "threads": 1, "mp_per_s": ..., "version": ...}
where mp_per_s is the photos' total megapixels over the sum of their best decode times.
"""
import argparse
import io
import json
import os
import time

from PIL import Image, features


def best_seconds(data, budget=0.4, minimum_runs=5):
    for _ in range(2):
        Image.open(io.BytesIO(data)).load()
    best, spent, runs = float("inf"), 0.0, 0
    while runs < minimum_runs or (spent < budget and runs < 10000):
        start = time.perf_counter()
        Image.open(io.BytesIO(data)).load()
        elapsed = time.perf_counter() - start
        best, spent, runs = min(best, elapsed), spent + elapsed, runs + 1
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", required=True, help="folder of .jpg and .png files")
    parser.add_argument("--files", default="", help="comma-separated file names (default: all)")
    args = parser.parse_args()
    names = [n for n in args.files.split(",") if n] or sorted(os.listdir(args.photos))
    for fmt, extension in (("jpeg", ".jpg"), ("png", ".png")):
        chosen = [n for n in names if n.lower().endswith(extension)]
        if not chosen:
            continue
        pixels, seconds = 0, 0.0
        for name in chosen:
            with open(os.path.join(args.photos, name), "rb") as handle:
                data = handle.read()
            with Image.open(io.BytesIO(data)) as image:
                pixels += image.width * image.height
            seconds += best_seconds(data)
        version = "Pillow " + Image.__version__
        if fmt == "jpeg":
            version += ", libjpeg-turbo " + str(features.version("libjpeg_turbo"))
        else:
            version += ", zlib " + str(features.version("zlib"))
        print(json.dumps({
            "benchmark": "pillow-decode-" + fmt,
            "shape": f"{len(chosen)} photos, {pixels / 1e6:.2f} MP",
            "threads": 1,
            "mp_per_s": pixels / 1e6 / seconds,
            "version": version,
        }))


if __name__ == "__main__":
    main()
