/* TinyCC histogram kernel measured against the TypeScript one by bench/gbdt-histogram.ts (not used by the trainer). */
typedef unsigned long pthread_t;
int pthread_create(pthread_t *, const void *, void *(*)(void *), void *);
int pthread_join(pthread_t, void **);
typedef struct { const unsigned char *bins; long n; const int *feats; int nf; const int *off; const int *rows; int count; const float *og; const float *oh; double *hist; } job_t;
static void *run(void *p) {
  job_t *j = (job_t *)p;
  for (int k = 0; k < j->nf; k++) {
    int f = j->feats[k];
    const unsigned char *col = j->bins + (long)f * j->n;
    double *h = j->hist + (long)j->off[f] * 3;
    const int *rows = j->rows; const float *og = j->og; const float *oh = j->oh;
    int count = j->count;
    for (int i = 0; i < count; i++) {
      double *s = h + col[rows[i]] * 3;
      s[0] += og[i]; s[1] += oh[i]; s[2] += 1.0;
    }
  }
  return 0;
}
void hist_u8(const unsigned char *bins, long n, const int *feats, int nf, const int *off, const int *rows, int count, const float *og, const float *oh, double *hist, int threads) {
  job_t jobs[2]; int feats0[256], feats1[256]; int a = 0, b = 0;
  for (int k = 0; k < nf; k++) { if (k % 2 == 0) feats0[a++] = feats[k]; else feats1[b++] = feats[k]; }
  jobs[0].bins = bins; jobs[0].n = n; jobs[0].feats = feats0; jobs[0].nf = a; jobs[0].off = off; jobs[0].rows = rows; jobs[0].count = count; jobs[0].og = og; jobs[0].oh = oh; jobs[0].hist = hist;
  jobs[1] = jobs[0]; jobs[1].feats = feats1; jobs[1].nf = b;
  if (threads < 2) { jobs[0].feats = feats; jobs[0].nf = nf; run(&jobs[0]); return; }
  pthread_t t; pthread_create(&t, 0, run, &jobs[1]); run(&jobs[0]); pthread_join(t, 0);
}
