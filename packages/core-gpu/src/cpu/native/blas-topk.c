/*
 * scoreTopK on OpenBLAS, whole, in C (see blas-topk.ts for why): each thread claims the next
 * chunk of `qb` queries, scores it against the keys `kb` at a time with a single-threaded
 * cblas_sgemm into its own score block (small enough to stay in the core's L2), offers each row
 * to that query's heap (topk-heap.h) while the block is still in cache, and drains the heaps into
 * the output. No barrier between threads: a thread the OS descheduled delays only its own chunk.
 * Compiled at first use by the TinyCC inside Bun (bun:ffi cc); no libc headers needed.
 */
typedef unsigned long pthread_t;
int pthread_create(pthread_t *, const void *, void *(*)(void *), void *);
int pthread_join(pthread_t, void **);
int pthread_mutex_init(void *, const void *);
int pthread_mutex_lock(void *);
int pthread_mutex_unlock(void *);
int pthread_mutex_destroy(void *);
void *malloc(unsigned long);
void free(void *);

#include "topk-heap.h"

#define MAX_THREADS 64

/* cblas_sgemm's signature; enums as ints (CblasRowMajor 101, NoTrans 111, Trans 112). */
typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int);

struct job {
  sgemm_fn sgemm;
  const float *q, *keys;
  int nq, nk, dim, k, qb, kb;
  const int *indptr, *indices; /* exclusions (CSR over queries), or indices == 0 */
  int *out_ids;
  float *out_scores;
  long mutex[16]; /* pthread_mutex_t: 40 bytes on glibc, 64 on macOS */
  int next;       /* first query of the next unclaimed chunk, under mutex */
};

static void *work(void *p) {
  struct job *j = (struct job *)p;
  int k = j->k, qb = j->qb, kb = j->kb, dim = j->dim;
  /* One allocation: score block, heap scores, heap ids, heap sizes, exclusion positions. */
  char *mem = (char *)malloc((unsigned long)qb * kb * 4 + (unsigned long)qb * k * 8 + (unsigned long)qb * 8);
  if (!mem) return 0; /* claims nothing: the other threads take every chunk */
  float *block = (float *)mem;
  float *hs = block + (long)qb * kb;
  int *hi = (int *)(hs + (long)qb * k);
  int *hn = hi + (long)qb * k;
  int *expos = hn + qb;
  for (;;) {
    pthread_mutex_lock(j->mutex);
    int q0 = j->next;
    if (q0 < j->nq) j->next = q0 + qb;
    pthread_mutex_unlock(j->mutex);
    if (q0 >= j->nq) break;
    int rows = j->nq - q0 < qb ? j->nq - q0 : qb;
    for (int r = 0; r < rows; r++) {
      hn[r] = 0;
      if (j->indices) expos[r] = j->indptr[q0 + r];
    }
    for (int k0 = 0; k0 < j->nk; k0 += kb) {
      int cols = j->nk - k0 < kb ? j->nk - k0 : kb;
      j->sgemm(101, 111, 112, rows, cols, dim, 1.0f, j->q + (long)q0 * dim, dim, j->keys + (long)k0 * dim, dim, 0.0f, block, cols);
      for (int r = 0; r < rows; r++) {
        scan_row(block + (long)r * cols, cols, k0, k, hs + (long)r * k, hi + (long)r * k, hn + r,
                 j->indices, expos + r, j->indices ? j->indptr[q0 + r + 1] : 0);
      }
    }
    for (int r = 0; r < rows; r++) {
      long o = (long)(q0 + r) * k;
      drain(hs + (long)r * k, hi + (long)r * k, hn[r], k, j->out_ids + o, j->out_scores + o);
    }
  }
  free(mem);
  return 0;
}

/*
 * Top-k keys of every query by dot product into out_ids/out_scores (nq × k); indices == 0: no
 * exclusions. The caller has set OpenBLAS to one thread. Returns 0, or -1 when memory ran out.
 */
int blas_topk(void *sgemm, const float *q, int nq, const float *keys, int nk, int dim, int k, int qb, int kb,
              const int *indptr, const int *indices, int *out_ids, float *out_scores, int threads) {
  struct job j;
  pthread_t tid[MAX_THREADS];
  int started[MAX_THREADS];
  j.sgemm = (sgemm_fn)sgemm;
  j.q = q; j.keys = keys; j.nq = nq; j.nk = nk; j.dim = dim; j.k = k; j.qb = qb; j.kb = kb;
  j.indptr = indptr; j.indices = indices; j.out_ids = out_ids; j.out_scores = out_scores;
  j.next = 0;
  if (threads > MAX_THREADS) threads = MAX_THREADS;
  int chunks = (nq + qb - 1) / qb;
  if (threads > chunks) threads = chunks;
  if (threads < 1) threads = 1;
  pthread_mutex_init(j.mutex, 0);
  for (int t = 1; t < threads; t++) started[t] = pthread_create(&tid[t], 0, work, &j) == 0;
  work(&j);
  for (int t = 1; t < threads; t++) if (started[t]) pthread_join(tid[t], 0);
  pthread_mutex_destroy(j.mutex);
  /* Chunks are left unclaimed only when every thread failed to allocate. */
  return j.next < nq ? -1 : 0;
}
