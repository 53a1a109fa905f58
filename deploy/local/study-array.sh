#!/bin/bash
# Runs deploy/slurm/study.sbatch here as Slurm would: SHARDS array tasks as background
# processes (each with SLURM_ARRAY_TASK_ID set, its output in OUT/shard-T.log), then, only if
# every task exited 0 (afterok), the merge job. For trying the cluster path on one machine.
#
#   SHARDS=3 STUDY=lecun STUDY_ARGS="--epochs 1 --seeds 2" OUT=runs/lecun-array \
#     deploy/local/study-array.sh
#
# Same environment as study.sbatch (EBM, STUDY, STUDY_ARGS, OUT, SHARDS, CPUS).
set -euo pipefail
SHARDS=${SHARDS:-3}
: "${STUDY:?set STUDY to a study name (ebm list study)}"
: "${OUT:?set OUT to an output folder}"
HERE=$(dirname "$(realpath "${BASH_SOURCE[0]}")")
mkdir -p "$OUT"
export SHARDS STUDY OUT
export STUDY_ARGS=${STUDY_ARGS:-}
export CPUS=${CPUS:-1}
if [ -n "${EBM:-}" ]; then export EBM; fi

JOB=$$
PIDS=()
for ((T = 0; T < SHARDS; T++)); do
  SLURM_JOB_ID=$JOB SLURM_ARRAY_JOB_ID=$JOB SLURM_ARRAY_TASK_ID=$T SLURM_ARRAY_TASK_COUNT=$SHARDS \
    bash "$HERE/../slurm/study.sbatch" >"$OUT/shard-$T.log" 2>&1 &
  PIDS+=($!)
done
echo "started $SHARDS shards of $STUDY (pids ${PIDS[*]}); logs in $OUT/shard-*.log"
FAILED=0
for T in "${!PIDS[@]}"; do
  if ! wait "${PIDS[$T]}"; then
    echo "shard $((T + 1))/$SHARDS failed; see $OUT/shard-$T.log" >&2
    FAILED=1
  fi
done
if [ "$FAILED" -ne 0 ]; then
  echo "merge not started (afterok): rerun the script to resume the failed shards" >&2
  exit 1
fi
SLURM_JOB_ID=$JOB STUDY_MERGE=1 bash "$HERE/../slurm/study.sbatch" 2>&1 | tee "$OUT/merge.log"
