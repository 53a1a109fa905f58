// The PrRoI pooling kernels, compiled twice by prroi.c: once for AVX2+FMA and once portable.
// Before including, prroi.c defines
//   EBM_PRROI_ATTR        the function attribute (EBM_AVX2, or nothing)
//   EBM_PRROI_NAME(name)  the function name with the variant's suffix
//   EBM_PRROI_MADD(a,x,y) a·x + y (fused on the AVX2 variant, so that every lane and the scalar
//                         tail round alike)
// Features are NHWC: the inner loops are multiply-adds over channel vectors.

// y[i] += a · x[i], i < n.
static EBM_PRROI_ATTR void EBM_PRROI_NAME(axpy)(long n, float a, const float *restrict x, float *restrict y) {
  for (long i = 0; i < n; ++i) y[i] = EBM_PRROI_MADD(a, x[i], y[i]);
}

// T[p][jj][0..<c] = Σ_i wy[p][i] F[b, i, j_lo + jj, 0..<c] for every bin row p: the rows of the
// bins contracted with their weights (the first of the two products of each bin).
static EBM_PRROI_ATTR void EBM_PRROI_NAME(contract_rows)(
    const float *features, long w, long c, const ebm_prroi_box *g, long bins, const float *weights,
    const double *edges, float *t) {
  const long cols = g->j_hi - g->j_lo + 1;
  for (long p = 0; p < bins; ++p) {
    float *tp = t + p * cols * c;
    for (long q = 0; q < cols * c; ++q) tp[q] = 0;
    long first, last;
    ebm_prroi_span(edges[p], edges[p + 1], g->i_lo, g->i_hi, &first, &last);
    for (long i = first; i <= last; ++i) {
      const float a = weights[p * g->rows + (i - g->i_lo)];
      if (a == 0) continue;
      EBM_PRROI_NAME(axpy)(cols * c, a, features + ((g->b * g->h + i) * w + g->j_lo) * c, tp);
    }
  }
}

// out[p][q][0..<c] = Σ_jj wx[q][jj] T[p][jj][0..<c] for every bin (the second product).
static EBM_PRROI_ATTR void EBM_PRROI_NAME(contract_columns)(
    long c, const ebm_prroi_box *g, long row_bins, long col_bins, const float *weights, const double *edges,
    const float *t, float *out) {
  const long cols = g->j_hi - g->j_lo + 1;
  for (long p = 0; p < row_bins; ++p) {
    for (long q = 0; q < col_bins; ++q) {
      float *o = out + (p * col_bins + q) * c;
      for (long ch = 0; ch < c; ++ch) o[ch] = 0;
      long first, last;
      ebm_prroi_span(edges[q], edges[q + 1], g->j_lo, g->j_hi, &first, &last);
      for (long j = first; j <= last; ++j) {
        const float a = weights[q * cols + (j - g->j_lo)];
        if (a == 0) continue;
        EBM_PRROI_NAME(axpy)(c, a, t + (p * cols + (j - g->j_lo)) * c, o);
      }
    }
  }
}

static EBM_PRROI_ATTR void EBM_PRROI_NAME(forward)(
    const float *features, long n, long h, long w, long c, const float *boxes, float scale, long ph, long pw,
    long first_box, long box_count, float *output, float *scratch) {
  ebm_prroi_scratch s = ebm_prroi_layout(scratch, h, w, c, ph, pw);
  for (long k = first_box; k < first_box + box_count; ++k) {
    ebm_prroi_box g;
    float *out = output + k * c * ph * pw;
    const int state = ebm_prroi_geometry(boxes + 5 * k, scale, n, h, w, ph, pw, &g, s.ex, s.ey);
    if (state != EBM_PRROI_BOX_OK) {
      const float fill = state == EBM_PRROI_BOX_NAN ? NAN : 0.0f;
      for (long q = 0; q < c * ph * pw; ++q) out[q] = fill;
      continue;
    }
    ebm_prroi_weights(&g, ph, pw, s.ex, s.ey, s.wx, s.wy);
    EBM_PRROI_NAME(contract_rows)(features, w, c, &g, ph, s.wy, s.ey, s.t);
    EBM_PRROI_NAME(contract_columns)(c, &g, ph, pw, s.wx, s.ex, s.t, s.bins);
    const float inverse = (float)(1.0 / g.area);
    for (long p = 0; p < ph; ++p)
      for (long q = 0; q < pw; ++q)
        for (long ch = 0; ch < c; ++ch) out[(ch * ph + p) * pw + q] = s.bins[(p * pw + q) * c + ch] * inverse;
  }
}

static EBM_PRROI_ATTR void EBM_PRROI_NAME(feature_grad)(
    const float *boxes, long k_count, float scale, long n, long h, long w, long c, long ph, long pw,
    const float *grad_output, long c0, long c1, float *grad_features, float *scratch) {
  ebm_prroi_scratch s = ebm_prroi_layout(scratch, h, w, c, ph, pw);
  const long cc = c1 - c0;
  for (long k = 0; k < k_count; ++k) {
    ebm_prroi_box g;
    if (ebm_prroi_geometry(boxes + 5 * k, scale, n, h, w, ph, pw, &g, s.ex, s.ey) != EBM_PRROI_BOX_OK) continue;
    ebm_prroi_weights(&g, ph, pw, s.ex, s.ey, s.wx, s.wy);
    const long cols = g.j_hi - g.j_lo + 1;
    const float inverse = (float)(1.0 / g.area);
    // G[p][q][0..<cc] = dL/d out[k, c0 + ch, p, q] / area.
    const float *go = grad_output + k * c * ph * pw;
    for (long p = 0; p < ph; ++p)
      for (long q = 0; q < pw; ++q)
        for (long ch = 0; ch < cc; ++ch) s.bins[(p * pw + q) * cc + ch] = go[((c0 + ch) * ph + p) * pw + q] * inverse;
    // U[p][jj] = Σ_q wx[q][jj] G[p][q], then dF[i, j] += Σ_p wy[p][i] U[p][jj].
    for (long p = 0; p < ph; ++p) {
      float *u = s.t + p * cols * cc;
      for (long q = 0; q < cols * cc; ++q) u[q] = 0;
      for (long q = 0; q < pw; ++q) {
        long first, last;
        ebm_prroi_span(s.ex[q], s.ex[q + 1], g.j_lo, g.j_hi, &first, &last);
        for (long j = first; j <= last; ++j) {
          const float a = s.wx[q * cols + (j - g.j_lo)];
          if (a != 0) EBM_PRROI_NAME(axpy)(cc, a, s.bins + (p * pw + q) * cc, u + (j - g.j_lo) * cc);
        }
      }
      long first, last;
      ebm_prroi_span(s.ey[p], s.ey[p + 1], g.i_lo, g.i_hi, &first, &last);
      for (long i = first; i <= last; ++i) {
        const float a = s.wy[p * g.rows + (i - g.i_lo)];
        if (a == 0) continue;
        float *row = grad_features + ((g.b * h + i) * w + g.j_lo) * c + c0;
        for (long jj = 0; jj < cols; ++jj) EBM_PRROI_NAME(axpy)(cc, a, u + jj * cc, row + jj * c);
      }
    }
  }
}

static EBM_PRROI_ATTR void EBM_PRROI_NAME(box_grad)(
    const float *features, long n, long h, long w, long c, const float *boxes, float scale, long ph, long pw,
    const float *grad_output, long first_box, long box_count, float *grad_boxes, float *scratch) {
  ebm_prroi_scratch s = ebm_prroi_layout(scratch, h, w, c, ph, pw);
  for (long k = first_box; k < first_box + box_count; ++k) {
    float *gb = grad_boxes + 5 * k;
    for (int q = 0; q < 5; ++q) gb[q] = 0;
    ebm_prroi_box g;
    const int state = ebm_prroi_geometry(boxes + 5 * k, scale, n, h, w, ph, pw, &g, s.ex, s.ey);
    if (state == EBM_PRROI_BOX_NAN) {
      for (int q = 1; q < 5; ++q) gb[q] = NAN;
      continue;
    }
    if (state != EBM_PRROI_BOX_OK) continue;
    ebm_prroi_weights(&g, ph, pw, s.ex, s.ey, s.wx, s.wy);
    ebm_prroi_hats(&g, ph, pw, s.ex, s.ey, s.hx, s.hy);
    const long cols = g.j_hi - g.j_lo + 1;
    // The bins' integrals S = area · out, and the edge integrals:
    //   Gx[p][e] = ∫ over bin row p of f(y, x_e) dy,   Gy[e][q] = ∫ over bin column q of f(y_e, x) dx.
    EBM_PRROI_NAME(contract_rows)(features, w, c, &g, ph, s.wy, s.ey, s.t);
    EBM_PRROI_NAME(contract_columns)(c, &g, ph, pw, s.wx, s.ex, s.t, s.bins);
    for (long p = 0; p < ph; ++p) {
      for (long e = 0; e <= pw; ++e) {
        float *o = s.gx + (p * (pw + 1) + e) * c;
        for (long ch = 0; ch < c; ++ch) o[ch] = 0;
        for (long j = g.j_lo; j <= g.j_hi; ++j) {
          const float a = s.hx[e * cols + (j - g.j_lo)];
          if (a != 0) EBM_PRROI_NAME(axpy)(c, a, s.t + (p * cols + (j - g.j_lo)) * c, o);
        }
      }
    }
    for (long e = 0; e <= ph; ++e) {
      float *te = s.ty;
      for (long q = 0; q < cols * c; ++q) te[q] = 0;
      for (long i = g.i_lo; i <= g.i_hi; ++i) {
        const float a = s.hy[e * g.rows + (i - g.i_lo)];
        if (a != 0) EBM_PRROI_NAME(axpy)(cols * c, a, features + ((g.b * h + i) * w + g.j_lo) * c, te);
      }
      EBM_PRROI_NAME(contract_columns)(c, &g, 1, pw, s.wx, s.ex, te, s.gy + e * pw * c);
    }
    // d out/d x_a = (−Gx[p][q] + bin_h·out) / area, d out/d x_b = (Gx[p][q+1] − bin_h·out) / area,
    // and likewise in y; x_a = X1 + (X2 − X1)·q/PW and x_b = X1 + (X2 − X1)·(q+1)/PW.
    const double area = g.area;
    double d_x1 = 0, d_y1 = 0, d_x2 = 0, d_y2 = 0;
    const float *go = grad_output + k * c * ph * pw;
    for (long p = 0; p < ph; ++p) {
      for (long q = 0; q < pw; ++q) {
        const double ua = (double)q / pw, ub = (double)(q + 1) / pw;
        const double va = (double)p / ph, vb = (double)(p + 1) / ph;
        double sxa = 0, sxb = 0, sya = 0, syb = 0;
        for (long ch = 0; ch < c; ++ch) {
          const double up = go[(ch * ph + p) * pw + q];
          if (up == 0) continue;
          const double integral = s.bins[(p * pw + q) * c + ch];
          const double out = integral / area;
          sxa += up * (-(double)s.gx[(p * (pw + 1) + q) * c + ch] + g.bin_h * out);
          sxb += up * ((double)s.gx[(p * (pw + 1) + q + 1) * c + ch] - g.bin_h * out);
          sya += up * (-(double)s.gy[(p * pw + q) * c + ch] + g.bin_w * out);
          syb += up * ((double)s.gy[((p + 1) * pw + q) * c + ch] - g.bin_w * out);
        }
        d_x1 += sxa * (1 - ua) + sxb * (1 - ub);
        d_x2 += sxa * ua + sxb * ub;
        d_y1 += sya * (1 - va) + syb * (1 - vb);
        d_y2 += sya * va + syb * vb;
      }
    }
    gb[1] = (float)(d_x1 / area * scale);
    gb[2] = (float)(d_y1 / area * scale);
    gb[3] = (float)(d_x2 / area * scale);
    gb[4] = (float)(d_y2 / area * scale);
  }
}
