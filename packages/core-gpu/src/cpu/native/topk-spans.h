/*
 * The fast path of the top-K scans (topk-heap.h's scan_row): finding, 4 lanes at a time, the
 * first span of scores that holds one above the heap's threshold, so the scalar loop only runs
 * where a score enters. x86-64 assembly for the TinyCC inside Bun, plain C elsewhere.
 */

#define SPAN 64

/*
 * How many whole SPAN-float spans of p[0 .. n·SPAN) come before the first one holding a score
 * strictly greater than thr4[0] (four copies of the threshold, 16-byte aligned); NaN never
 * counts. Why assembly: TinyCC keeps every variable in memory, so its scalar loop costs ~5
 * instructions a score and took as long as the sgemm itself; this tests 4 lanes an instruction
 * (~3× less CPU measured). Its assembler has no cmpps/movmskps, so the test is a max:
 * maxps(dst = scores, src = running max) keeps the running max when the score is NaN or not
 * greater, so the final max differs from the threshold's bits exactly when some score beats it.
 */
static int spans_below(const float *p, int n, const float *thr4) {
#if defined(__x86_64__) && !defined(TOPK_PLAIN_C)
  long i = 0;
  long spans = n;
  const float *q = p;
  unsigned long long acc[2];
  __asm__ volatile(
      "1:\n\t"
      "cmp %2, %0\n\t"
      "jge 2f\n\t"
      "movups (%1), %%xmm0\n\t"    "maxps (%3), %%xmm0\n\t"
      "movups 16(%1), %%xmm2\n\t"  "maxps (%3), %%xmm2\n\t"
      "movups 32(%1), %%xmm4\n\t"  "maxps (%3), %%xmm4\n\t"
      "movups 48(%1), %%xmm6\n\t"  "maxps (%3), %%xmm6\n\t"
      "movups 64(%1), %%xmm1\n\t"  "maxps %%xmm0, %%xmm1\n\t"
      "movups 80(%1), %%xmm3\n\t"  "maxps %%xmm2, %%xmm3\n\t"
      "movups 96(%1), %%xmm5\n\t"  "maxps %%xmm4, %%xmm5\n\t"
      "movups 112(%1), %%xmm7\n\t" "maxps %%xmm6, %%xmm7\n\t"
      "movups 128(%1), %%xmm0\n\t" "maxps %%xmm1, %%xmm0\n\t"
      "movups 144(%1), %%xmm2\n\t" "maxps %%xmm3, %%xmm2\n\t"
      "movups 160(%1), %%xmm4\n\t" "maxps %%xmm5, %%xmm4\n\t"
      "movups 176(%1), %%xmm6\n\t" "maxps %%xmm7, %%xmm6\n\t"
      "movups 192(%1), %%xmm1\n\t" "maxps %%xmm0, %%xmm1\n\t"
      "movups 208(%1), %%xmm3\n\t" "maxps %%xmm2, %%xmm3\n\t"
      "movups 224(%1), %%xmm5\n\t" "maxps %%xmm4, %%xmm5\n\t"
      "movups 240(%1), %%xmm7\n\t" "maxps %%xmm6, %%xmm7\n\t"
      "maxps %%xmm1, %%xmm3\n\t"
      "maxps %%xmm5, %%xmm7\n\t"
      "maxps %%xmm3, %%xmm7\n\t"
      "movups %%xmm7, (%4)\n\t"
      "mov (%4), %%rax\n\t"
      "cmp (%3), %%rax\n\t"
      "jne 2f\n\t"
      "mov 8(%4), %%rax\n\t"
      "cmp 8(%3), %%rax\n\t"
      "jne 2f\n\t"
      "add $256, %1\n\t"
      "inc %0\n\t"
      "jmp 1b\n\t"
      "2:\n\t"
      : "+r"(i), "+r"(q)
      : "r"(spans), "r"(thr4), "r"(acc)
      : "rax", "memory", "cc");
  return (int)i;
#else
  int i = 0;
  for (; i < n; i++) {
    for (int j = 0; j < SPAN; j++) if (p[(long)i * SPAN + j] > thr4[0]) return i;
  }
  return n;
#endif
}

/* spans_below at the grain of 4 floats: how many whole quads of p[0 .. n·4) come before the
   first with a score > thr4[0]. Used inside a span that holds one, so that only the quads with a
   winner run the scalar loop (a catalogue of a few thousand keys has a winner in most spans). */
static int quads_below(const float *p, int n, const float *thr4) {
#if defined(__x86_64__) && !defined(TOPK_PLAIN_C)
  long i = 0;
  long quads = n;
  const float *q = p;
  unsigned long long acc[2];
  __asm__ volatile(
      "1:\n\t"
      "cmp %2, %0\n\t"
      "jge 2f\n\t"
      "movups (%1), %%xmm0\n\t"
      "maxps (%3), %%xmm0\n\t"
      "movups %%xmm0, (%4)\n\t"
      "mov (%4), %%rax\n\t"
      "cmp (%3), %%rax\n\t"
      "jne 2f\n\t"
      "mov 8(%4), %%rax\n\t"
      "cmp 8(%3), %%rax\n\t"
      "jne 2f\n\t"
      "add $16, %1\n\t"
      "inc %0\n\t"
      "jmp 1b\n\t"
      "2:\n\t"
      : "+r"(i), "+r"(q)
      : "r"(quads), "r"(thr4), "r"(acc)
      : "rax", "memory", "cc");
  return (int)i;
#else
  int i = 0;
  for (; i < n; i++) {
    if (p[4 * i] > thr4[0] || p[4 * i + 1] > thr4[0] || p[4 * i + 2] > thr4[0] || p[4 * i + 3] > thr4[0]) return i;
  }
  return n;
#endif
}
