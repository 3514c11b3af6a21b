/*
 * The top-K scan of scoreTopK (cpu/score-topk.ts) in C, rows split over pthreads: one bounded
 * min-heap per row, kept across the key blocks of a query block. Same rules as cpu/heap.ts and
 * cpu/topk.ts: the root is the worst kept entry (lowest score; among equal scores the higher id),
 * NaN never enters, -Infinity is an ordinary candidate, excluded columns are skipped. Compiled at
 * first use by the TinyCC inside Bun (bun:ffi cc), like kernels.c; no libc headers needed.
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

/* (sa, ia) ranks below (sb, ib). */
#define WORSE(sa, ia, sb, ib) ((sa) < (sb) || ((sa) == (sb) && (ia) > (ib)))

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
  /* Replace the root and sift it down. */
  int pos = 0;
  for (;;) {
    int child = 2 * pos + 1;
    if (child >= n) break;
    int right = child + 1;
    if (right < n && WORSE(s[right], id[right], s[child], id[child])) child = right;
    if (!WORSE(s[child], id[child], v, c)) break;
    s[pos] = s[child];
    id[pos] = id[child];
    pos = child;
  }
  s[pos] = v;
  id[pos] = c;
}

static void *scan_rows(void *p) {
  struct scan_job *j = (struct scan_job *)p;
  int k = j->k;
  float ninf = -1.0f / 0.0f;
  for (int r = j->r0; r < j->r1; r++) {
    const float *row = j->scores + (long)r * j->cols;
    float *s = j->hs + (long)r * k;
    int *id = j->hi + (long)r * k;
    int n = j->hn[r];
    int ex = j->excl ? j->expos[r] : 0;
    int exe = j->excl ? j->exend[r] : 0;
    int cols = j->cols;
    int c = 0;
    /* Until the heap is full every non-NaN score enters (excluded columns aside). */
    for (; c < cols && n < k; c++) {
      float v = row[c];
      if (v != v) continue;
      int col = c + j->col0;
      if (ex < exe) {
        while (ex < exe && j->excl[ex] < col) ex++;
        if (ex < exe && j->excl[ex] == col) continue;
      }
      push(s, id, &n, k, v, col);
    }
    /* Then the common case is one comparison with the root: columns come in increasing id, so
       an equal score later loses to the kept one, and only a strictly greater score enters. */
    float thr = n < k ? ninf : s[0];
    for (; c < cols; c++) {
      float v = row[c];
      if (v > thr) {
        int col = c + j->col0;
        if (ex < exe) {
          while (ex < exe && j->excl[ex] < col) ex++;
          if (ex < exe && j->excl[ex] == col) continue;
        }
        push(s, id, &n, k, v, col);
        thr = s[0];
      }
    }
    j->hn[r] = n;
    if (j->excl) j->expos[r] = ex;
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
