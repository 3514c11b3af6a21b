/*
 * The top-K scan of scoreTopK's block path (cpu/score-topk.ts, used where the product is not
 * OpenBLAS: see blas-topk.c for that) in C, rows split over pthreads: one bounded min-heap per
 * row (topk-heap.h), kept across the key blocks of a query block. Compiled at first use by the
 * TinyCC inside Bun (bun:ffi cc), like kernels.c; no libc headers needed.
 */
typedef unsigned long pthread_t;
int pthread_create(pthread_t *, const void *, void *(*)(void *), void *);
int pthread_join(pthread_t, void **);

#define MAX_THREADS 64

struct scan_job {
  const float *scores; /* rows × cols, row-major */
  int r0, r1, cols, col0, k;
  float *hs; int *hi; int *hn; /* heaps: rows × k scores and ids, sizes */
  const int *excl; int *expos; const int *exend; /* exclusions, or excl == 0 */
};

#include "topk-heap.h"

static void *scan_rows(void *p) {
  struct scan_job *j = (struct scan_job *)p;
  int k = j->k;
  for (int r = j->r0; r < j->r1; r++) {
    scan_row(j->scores + (long)r * j->cols, j->cols, j->col0, k, j->hs + (long)r * k, j->hi + (long)r * k,
             j->hn + r, j->excl, j->excl ? j->expos + r : 0, j->excl ? j->exend[r] : 0);
  }
  return 0;
}

/*
 * Offers every row r of the rows × cols block `scores` (columns col0 …) to heap r; rows split over
 * `threads`. excl (may be null): sorted excluded columns, row r's from expos[r] (advanced) to exend[r].
 */
void topk_scan(const float *scores, int rows, int cols, int col0, int k, float *hs, int *hi, int *hn,
               const int *excl, int *expos, const int *exend, int threads) {
  struct scan_job jobs[MAX_THREADS];
  pthread_t tid[MAX_THREADS];
  int started[MAX_THREADS];
  if (threads > MAX_THREADS) threads = MAX_THREADS;
  /* A thread costs tens of microseconds to start: small blocks stay on this one. */
  if (threads < 1 || (long)rows * cols < 65536) threads = 1;
  if (threads > rows) threads = rows < 1 ? 1 : rows;
  for (int t = 0; t < threads; t++) {
    struct scan_job j = { scores, (int)((long)rows * t / threads), (int)((long)rows * (t + 1) / threads), cols, col0, k, hs, hi, hn, excl, expos, exend };
    jobs[t] = j;
  }
  for (int t = 1; t < threads; t++) started[t] = pthread_create(&tid[t], 0, scan_rows, &jobs[t]) == 0;
  for (int t = 1; t < threads; t++) if (!started[t]) scan_rows(&jobs[t]);
  scan_rows(&jobs[0]);
  for (int t = 1; t < threads; t++) if (started[t]) pthread_join(tid[t], 0);
}
