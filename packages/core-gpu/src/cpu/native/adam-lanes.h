/*
 * Adam without weight decay or gradient scale, in f32 (as the WGSL kernel computes it), for the
 * CPU engine's dense and lazy updates:
 *   m = b1·m + (1 − b1)·g;  v = b2·v + ((1 − b2)·g)·g;  p −= (stepSize·m) / (√v / sqrtBc2 + eps)
 * c = { b1, 1 − b1, b2, 1 − b2, sqrtBc2, eps, stepSize }. Why: the TypeScript loop costs ~8 ns a
 * coordinate (a scalar double sqrt and two divides); four lanes of SSE take ~1.5 ns, which is
 * most of the MLP's optimiser step. x86-64 assembly for the TinyCC inside Bun (it does not
 * vectorise; its assembler knows xmm0–7 only and no register-to-register movups, so g is loaded
 * twice); plain C elsewhere. The scalar tail computes the same f32 operations in the same order,
 * so results do not depend on where a coordinate falls.
 */
float sqrtf(float);

/* k: the 7 constants, each repeated 4 times, 16-byte aligned (SSE memory operands need it). */
static void adam_lanes(float *p, const float *g, float *m, float *v, long n4, const float *k) {
#if defined(__x86_64__) && !defined(ADAM_PLAIN_C)
  if (n4 <= 0) return;
  __asm__ volatile(
      "movups (%5), %%xmm5\n\t"
      "movups 32(%5), %%xmm6\n\t"
      "movups 80(%5), %%xmm7\n\t"
      "1:\n\t"
      "movups (%1), %%xmm0\n\t"   /* g */
      "movups (%2), %%xmm1\n\t"   /* m */
      "mulps %%xmm5, %%xmm1\n\t"
      "movups (%1), %%xmm2\n\t"
      "mulps 16(%5), %%xmm2\n\t"
      "addps %%xmm2, %%xmm1\n\t"  /* m' = b1·m + (1 − b1)·g */
      "movups %%xmm1, (%2)\n\t"
      "movups (%3), %%xmm3\n\t"   /* v */
      "mulps %%xmm6, %%xmm3\n\t"
      "movups (%1), %%xmm2\n\t"
      "mulps 48(%5), %%xmm2\n\t"
      "mulps %%xmm0, %%xmm2\n\t"
      "addps %%xmm2, %%xmm3\n\t"  /* v' = b2·v + ((1 − b2)·g)·g */
      "movups %%xmm3, (%3)\n\t"
      "sqrtps %%xmm3, %%xmm3\n\t"
      "divps 64(%5), %%xmm3\n\t"
      "addps %%xmm7, %%xmm3\n\t"  /* √v' / sqrtBc2 + eps */
      "mulps 96(%5), %%xmm1\n\t"
      "divps %%xmm3, %%xmm1\n\t"
      "movups (%0), %%xmm4\n\t"
      "subps %%xmm1, %%xmm4\n\t"
      "movups %%xmm4, (%0)\n\t"
      "add $16, %0\n\t"
      "add $16, %1\n\t"
      "add $16, %2\n\t"
      "add $16, %3\n\t"
      "dec %4\n\t"
      "jnz 1b\n\t"
      : "+r"(p), "+r"(g), "+r"(m), "+r"(v), "+r"(n4)
      : "r"(k)
      : "memory");
#else
  for (long i = 0; i < n4 * 4; i++) {
    float gk = g[i];
    float mk = k[0] * m[i] + k[4] * gk;
    float t = k[12] * gk;
    float vk = k[8] * v[i] + t * gk;
    m[i] = mk;
    v[i] = vk;
    p[i] = p[i] - (k[24] * mk) / (sqrtf(vk) / k[16] + k[20]);
  }
#endif
}

/* Coordinates [from, n) one at a time: the same f32 operations as a lane. */
static void adam_tail(float *p, const float *g, float *m, float *v, long from, long n, const float *c) {
  for (long i = from; i < n; i++) {
    float gk = g[i];
    float a = c[0] * m[i];
    float b = c[1] * gk;
    float mk = a + b;
    float t = c[3] * gk;
    float u = c[2] * v[i];
    float w = t * gk;
    float vk = u + w;
    m[i] = mk;
    v[i] = vk;
    float s = sqrtf(vk);
    float q = s / c[4];
    float den = q + c[5];
    float num = c[6] * mk;
    p[i] = p[i] - num / den;
  }
}

static void adam_run(float *p, const float *g, float *m, float *v, long n, const float *c, const float *k) {
  long n4 = n / 4;
  adam_lanes(p, g, m, v, n4, k);
  adam_tail(p, g, m, v, n4 * 4, n, c);
}

/* The constants 4 times each into an aligned block inside buf (≥ 128 bytes). */
static float *adam_consts(char *buf, const float *c) {
  float *k = (float *)(((unsigned long)buf + 15) & ~15UL);
  for (int i = 0; i < 28; i++) k[i] = c[i / 4];
  return k;
}

/* Dense: all n coordinates. */
void adam_dense(float *p, const float *g, float *m, float *v, int n, const float *c) {
  char buf[28 * 4 + 16];
  adam_run(p, g, m, v, n, c, adam_consts(buf, c));
}

/* Lazy: row rows[u] (d coordinates) of p, m, v from row u of g, for u < count. */
void adam_rows(float *p, const float *g, float *m, float *v, const int *rows, int count, int d, const float *c) {
  char buf[28 * 4 + 16];
  const float *k = adam_consts(buf, c);
  for (int u = 0; u < count; u++) {
    long o = (long)rows[u] * d;
    adam_run(p + o, g + (long)u * d, m + o, v + o, d, c, k);
  }
}
