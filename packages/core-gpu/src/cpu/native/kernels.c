/*
 * Native loops for the CPU tensor engine, compiled at first use by the TinyCC that ships inside
 * Bun (bun:ffi cc): no toolchain or headers are needed on the user's machine, so the few libc
 * symbols used are declared here. Parallel kernels split fixed ranges over pthreads; each output
 * element is computed by one thread in a fixed order, so results do not depend on the thread count.
 */
typedef unsigned long pthread_t;
int pthread_create(pthread_t *, const void *, void *(*)(void *), void *);
int pthread_join(pthread_t, void **);
void *memcpy(void *, const void *, unsigned long);
float expf(float);
double log(double);

#define MAX_THREADS 64

/*
 * Row gather/scatter split over threads from 2^20 floats (4 MiB) moved: below that one thread
 * copies in well under a millisecond, and a started thread costs tens of microseconds, or
 * milliseconds when the other core is busy (OpenBLAS's workers spin for a while after each
 * sgemm). Counted in floats, not rows: 6,656 rows of 16 floats (a Wide & Deep batch) is tiny.
 */
#define ROW_MIN_WORK (1L << 20)

/* The threads a call uses: 1 for small work (a thread costs tens of microseconds to start). */
static int thread_count(int threads, long work, long min_work) {
  if (threads > MAX_THREADS) threads = MAX_THREADS;
  return threads < 1 || work < min_work ? 1 : threads;
}

/*
 * Runs fn on each of `count` job records (`size` bytes apart from `jobs`): job 0 on this thread,
 * the others on new threads (or here, when a thread cannot start); returns when all are done.
 */
static void parallel(void *(*fn)(void *), char *jobs, int size, int count) {
  pthread_t tid[MAX_THREADS];
  int started[MAX_THREADS];
  for (int k = 1; k < count; k++) started[k] = pthread_create(&tid[k], 0, fn, jobs + (long)k * size) == 0;
  for (int k = 1; k < count; k++) if (!started[k]) fn(jobs + (long)k * size);
  fn(jobs);
  for (int k = 1; k < count; k++) if (started[k]) pthread_join(tid[k], 0);
}

struct gather_job { const float *table; const int *ids; int r0, r1, d; float *out; };

static void *gather_part(void *p) {
  struct gather_job *j = (struct gather_job *)p;
  for (int r = j->r0; r < j->r1; r++) memcpy(j->out + (long)r * j->d, j->table + (long)j->ids[r] * j->d, (unsigned long)j->d * 4);
  return 0;
}

/* out[r] = table[ids[r]] (rows of d floats; ids already range-checked), rows split over threads. */
void gather_rows(const float *table, const int *ids, int b, int d, float *out, int threads) {
  struct gather_job jobs[MAX_THREADS];
  int n = thread_count(threads, (long)b * d, ROW_MIN_WORK);
  for (int k = 0; k < n; k++) {
    struct gather_job j = { table, ids, (int)((long)b * k / n), (int)((long)b * (k + 1) / n), d, out };
    jobs[k] = j;
  }
  parallel(gather_part, (char *)jobs, sizeof(struct gather_job), n);
}

struct scatter_job { float *table; const int *ids; int b, d, lo, hi; const float *src; };

/* Rows lo..hi-1 of the table: every r whose id falls there, in r order. */
static void *scatter_part(void *p) {
  struct scatter_job *j = (struct scatter_job *)p;
  for (int r = 0; r < j->b; r++) {
    int id = j->ids[r];
    if (id < j->lo || id >= j->hi) continue;
    float *t = j->table + (long)id * j->d;
    const float *s = j->src + (long)r * j->d;
    for (int c = 0; c < j->d; c++) t[c] += s[c];
  }
  return 0;
}

/*
 * table[ids[r]] += src[r]. Threads own disjoint row ranges of the table and add in r order, so
 * duplicates are summed in the same order whatever the thread count (deterministic).
 */
void scatter_add_rows(float *table, const int *ids, int b, int d, const float *src, int rows, int threads) {
  struct scatter_job jobs[MAX_THREADS];
  int n = thread_count(threads, (long)b * d, ROW_MIN_WORK);
  for (int k = 0; k < n; k++) {
    struct scatter_job j = { table, ids, b, d, (int)((long)rows * k / n), (int)((long)rows * (k + 1) / n), src };
    jobs[k] = j;
  }
  parallel(scatter_part, (char *)jobs, sizeof(struct scatter_job), n);
}

struct sce_job { const float *x; const int *targets; int r0, r1, n; float *loss, *lse; const float *dloss; float *dx; const float *probs; };

static void *sce_rows(void *p) {
  struct sce_job *j = (struct sce_job *)p;
  float inf = 1.0f / 0.0f;
  for (int i = j->r0; i < j->r1; i++) {
    const float *row = j->x + (long)i * j->n;
    float mx = -inf;
    for (int k = 0; k < j->n; k++) { float v = row[k]; if (v > mx || v != v) mx = v; }
    float z = -inf;
    float *pr = j->dx ? j->dx + (long)i * j->n : 0; /* probabilities out, when asked */
    if (mx != -inf) {
      double s = 0;
      if (pr) for (int k = 0; k < j->n; k++) { float e = expf(row[k] - mx); pr[k] = e; s += e; }
      else for (int k = 0; k < j->n; k++) s += expf(row[k] - mx);
      z = (float)(mx + log(s));
      if (pr) { float inv = (float)(1.0 / s); for (int k = 0; k < j->n; k++) pr[k] *= inv; }
    } else if (pr) {
      for (int k = 0; k < j->n; k++) pr[k] = 0;
    }
    j->lse[i] = z;
    int t = j->targets[i];
    if (t < 0) j->loss[i] = 0;
    else j->loss[i] = row[t] == -inf ? inf : z - row[t];
  }
  return 0;
}

static void *sce_grad_rows(void *p) {
  struct sce_job *j = (struct sce_job *)p;
  float inf = 1.0f / 0.0f;
  for (int i = j->r0; i < j->r1; i++) {
    const float *row = j->x + (long)i * j->n;
    float *d = j->dx + (long)i * j->n;
    int t = j->targets[i];
    if (t < 0) { for (int k = 0; k < j->n; k++) d[k] = 0; continue; }
    float z = j->lse[i], g = j->dloss[i];
    if (j->probs) {
      const float *pr = j->probs + (long)i * j->n;
      for (int k = 0; k < j->n; k++) d[k] = pr[k] * g;
      d[t] = (pr[t] - 1.0f) * g;
      continue;
    }
    for (int k = 0; k < j->n; k++) { float v = row[k]; d[k] = (v == -inf ? 0.0f : expf(v - z)) * g; }
    d[t] = ((row[t] == -inf ? 0.0f : expf(row[t] - z)) - 1.0f) * g;
  }
  return 0;
}

/* Splits the rows of `base` over threads and runs fn on each share. */
static void run_rows(void *(*fn)(void *), struct sce_job base, int b, int threads) {
  struct sce_job jobs[MAX_THREADS];
  int n = thread_count(threads, (long)b * base.n, 65536);
  if (n > b) n = b < 1 ? 1 : b;
  for (int k = 0; k < n; k++) {
    jobs[k] = base;
    jobs[k].r0 = (int)((long)b * k / n);
    jobs[k].r1 = (int)((long)b * (k + 1) / n);
  }
  parallel(fn, (char *)jobs, sizeof(struct sce_job), n);
}

/* [loss, lse] (and probabilities into probs when not null) of softmax cross-entropy over rows of x [b, n]; targets in [-1, n) (checked by the caller). */
void softmax_ce(const float *x, const int *targets, int b, int n, float *loss, float *lse, float *probs, int threads) {
  struct sce_job j = { x, targets, 0, 0, n, loss, lse, 0, probs, 0 };
  run_rows(sce_rows, j, b, threads);
}

/* dx = (softmax(x) - onehot(targets)) * dloss, per row; softmax(x) read from probs when not null. */
void softmax_ce_grad(const float *x, const int *targets, const float *lse, const float *dloss, const float *probs, int b, int n, float *dx, int threads) {
  struct sce_job j = { x, targets, 0, 0, n, 0, (float *)lse, dloss, dx, probs };
  run_rows(sce_grad_rows, j, b, threads);
}

#include "adam-lanes.h"
