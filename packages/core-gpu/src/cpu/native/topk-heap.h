/*
 * One row's bounded top-K heap, shared by topk-scan.c (the block scan) and blas-topk.c (the fused
 * sgemm + scan). Same rules as cpu/heap.ts and cpu/topk.ts: the root is the worst kept entry
 * (lowest score; among equal scores the higher id), NaN never enters, -Infinity is an ordinary
 * candidate, excluded columns are skipped. Plain C for the TinyCC inside Bun: no libc headers.
 */

/* (sa, ia) ranks below (sb, ib). */
#define WORSE(sa, ia, sb, ib) ((sa) < (sb) || ((sa) == (sb) && (ia) > (ib)))

/*
 * Puts (v, c) at the root of the n-entry heap s/id in place of the root and sifts it down. Every
 * entry is read once into a local: TinyCC does not keep values in registers, and rereading
 * s[child] / id[child] through WORSE made each push cost ~70 ns.
 */
static void sift_root(float *s, int *id, int n, float v, int c) {
  int pos = 0;
  int child = 1;
  while (child < n) {
    float cs = s[child];
    int ci = id[child];
    if (child + 1 < n) {
      float rs = s[child + 1];
      int ri = id[child + 1];
      if (WORSE(rs, ri, cs, ci)) {
        child++;
        cs = rs;
        ci = ri;
      }
    }
    if (!WORSE(cs, ci, v, c)) break;
    s[pos] = cs;
    id[pos] = ci;
    pos = child;
    child = 2 * pos + 1;
  }
  s[pos] = v;
  id[pos] = c;
}

static void push(float *s, int *id, int *size, int k, float v, int c) {
  int n = *size;
  if (n < k) {
    int pos = n;
    *size = n + 1;
    while (pos > 0) {
      int parent = (pos - 1) >> 1;
      if (!WORSE(v, c, s[parent], id[parent])) break;
      s[pos] = s[parent];
      id[pos] = id[parent];
      pos = parent;
    }
    s[pos] = v;
    id[pos] = c;
    return;
  }
  if (!WORSE(s[0], id[0], v, c)) return;
  sift_root(s, id, n, v, c);
}

#include "topk-spans.h"

/*
 * Offers row[0..cols) (columns col0…) to the heap s/id of size *size. excl (may be null): sorted
 * excluded columns from *expos (advanced) to exend.
 */
static void scan_row(const float *row, int cols, int col0, int k, float *s, int *id, int *size,
                     const int *excl, int *expos, int exend) {
  int n = *size;
  int ex = excl ? *expos : 0;
  int exe = excl ? exend : 0;
  int c = 0;
  /* Until the heap is full every non-NaN score enters (excluded columns aside). */
  for (; c < cols && n < k; c++) {
    float v = row[c];
    if (v != v) continue;
    int col = c + col0;
    if (ex < exe) {
      while (ex < exe && excl[ex] < col) ex++;
      if (ex < exe && excl[ex] == col) continue;
    }
    push(s, id, &n, k, v, col);
  }
  /* Then the common case is one comparison with the root: columns come in increasing id, so an
     equal score later loses to the kept one, and only a strictly greater score enters. Spans with
     no such score are skipped whole. */
  /* maxps reads the threshold straight from memory, which must be 16-byte aligned. */
  float thr_buf[8];
  float *thr4 = (float *)(((unsigned long)thr_buf + 15) & ~15UL);
  thr4[0] = thr4[1] = thr4[2] = thr4[3] = n < k ? -1.0f / 0.0f : s[0];
  while (c < cols) {
    c += SPAN * spans_below(row + c, (cols - c) / SPAN, thr4);
    int span_end = c + SPAN < cols ? c + SPAN : cols;
    while (c < span_end) {
      c += 4 * quads_below(row + c, (span_end - c) / 4, thr4);
      int end = c + 4 < span_end ? c + 4 : span_end;
      float thr = thr4[0];
      for (; c < end; c++) {
        float v = row[c];
        if (v > thr) {
          int col = c + col0;
          if (ex < exe) {
            while (ex < exe && excl[ex] < col) ex++;
            if (ex < exe && excl[ex] == col) continue;
          }
          push(s, id, &n, k, v, col);
          thr = s[0];
        }
      }
      thr4[0] = thr4[1] = thr4[2] = thr4[3] = thr;
    }
  }
  *size = n;
  if (excl) *expos = ex;
}

/* Writes the heap best-first to ids/scores[0..k), padding with -1 / -Infinity; empties it. */
static void drain(float *s, int *id, int n, int k, int *out_ids, float *out_scores) {
  for (int t = k - 1; t >= n; t--) {
    out_ids[t] = -1;
    out_scores[t] = -1.0f / 0.0f;
  }
  /* Popping the root (worst) fills the output from the back; re-push the last entry as root. */
  while (n > 0) {
    out_ids[n - 1] = id[0];
    out_scores[n - 1] = s[0];
    n--;
    if (n > 0) sift_root(s, id, n, s[n], id[n]);
  }
}
