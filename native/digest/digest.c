/*
 * The media queue's digests: MD5 (checked against the SDK's md5sum) and SHA-256 (the content
 * address) of several files at once, in one pass over each chunk (docs/ARCHITECTURE.md §7.1).
 *
 * MD5 is one long chain of dependent scalar additions and rotations: a single stream leaves most of a
 * core's ALUs waiting (libcrypto ~750 MB/s on the reference machine). Two things fill them:
 * - SHA-256 through the SHA extensions (SHA-NI) runs in the vector units, so the same block's SHA-256
 *   rounds overlap the MD5 chain: both digests of a stream cost what MD5 alone costs (~710 MB/s,
 *   against ~520 MB/s for libcrypto's MD5 then SHA-256 on one core).
 * - Blocks of two or three files are interleaved step by step, so their chains overlap too: ~950 and
 *   ~1,030 MB/s for both digests of all of them together.
 * Without SHA-NI (wd_has_sha256() == 0) contexts are MD5-only and the caller hashes SHA-256 elsewhere
 * (libcrypto). Plain C and compiler intrinsics; checked against node:crypto in
 * test/unit/native/bindings/digestLanes.test.ts.
 */
#include <cpuid.h>
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))
#define SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

typedef struct {
  uint32_t md5[4];
  uint32_t sha[8];
  uint64_t length; /* bytes so far */
  uint32_t used;   /* bytes waiting in block */
  int with_sha;
  uint8_t block[64];
} wd_ctx;

#define ROTL(x, c) (((x) << (c)) | ((x) >> (32 - (c))))
#define F(b, c, d) ((((c) ^ (d)) & (b)) ^ (d))
#define G(b, c, d) ((((b) ^ (c)) & (d)) ^ (c))
#define H(b, c, d) ((b) ^ (c) ^ (d))
#define I(b, c, d) ((c) ^ ((b) | ~(d)))
#define STEP(f, a, b, c, d, x, t, s) \
  a += f(b, c, d) + (x) + (uint32_t)(t); \
  a = ROTL(a, s);                         \
  a += b;

static inline uint32_t load32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4); /* x86-64 and aarch64 Linux are little-endian, as MD5 is */
  return v;
}

/* The 64 steps of one block; S is the step for however many lanes are interleaved. */
#define MD5_STEPS(S)                                                                                  \
  S(F, a, b, c, d, 0, 0xd76aa478, 7) S(F, d, a, b, c, 1, 0xe8c7b756, 12)                              \
  S(F, c, d, a, b, 2, 0x242070db, 17) S(F, b, c, d, a, 3, 0xc1bdceee, 22)                             \
  S(F, a, b, c, d, 4, 0xf57c0faf, 7) S(F, d, a, b, c, 5, 0x4787c62a, 12)                              \
  S(F, c, d, a, b, 6, 0xa8304613, 17) S(F, b, c, d, a, 7, 0xfd469501, 22)                             \
  S(F, a, b, c, d, 8, 0x698098d8, 7) S(F, d, a, b, c, 9, 0x8b44f7af, 12)                              \
  S(F, c, d, a, b, 10, 0xffff5bb1, 17) S(F, b, c, d, a, 11, 0x895cd7be, 22)                           \
  S(F, a, b, c, d, 12, 0x6b901122, 7) S(F, d, a, b, c, 13, 0xfd987193, 12)                            \
  S(F, c, d, a, b, 14, 0xa679438e, 17) S(F, b, c, d, a, 15, 0x49b40821, 22)                           \
  S(G, a, b, c, d, 1, 0xf61e2562, 5) S(G, d, a, b, c, 6, 0xc040b340, 9)                               \
  S(G, c, d, a, b, 11, 0x265e5a51, 14) S(G, b, c, d, a, 0, 0xe9b6c7aa, 20)                            \
  S(G, a, b, c, d, 5, 0xd62f105d, 5) S(G, d, a, b, c, 10, 0x02441453, 9)                              \
  S(G, c, d, a, b, 15, 0xd8a1e681, 14) S(G, b, c, d, a, 4, 0xe7d3fbc8, 20)                            \
  S(G, a, b, c, d, 9, 0x21e1cde6, 5) S(G, d, a, b, c, 14, 0xc33707d6, 9)                              \
  S(G, c, d, a, b, 3, 0xf4d50d87, 14) S(G, b, c, d, a, 8, 0x455a14ed, 20)                             \
  S(G, a, b, c, d, 13, 0xa9e3e905, 5) S(G, d, a, b, c, 2, 0xfcefa3f8, 9)                              \
  S(G, c, d, a, b, 7, 0x676f02d9, 14) S(G, b, c, d, a, 12, 0x8d2a4c8a, 20)                            \
  S(H, a, b, c, d, 5, 0xfffa3942, 4) S(H, d, a, b, c, 8, 0x8771f681, 11)                              \
  S(H, c, d, a, b, 11, 0x6d9d6122, 16) S(H, b, c, d, a, 14, 0xfde5380c, 23)                           \
  S(H, a, b, c, d, 1, 0xa4beea44, 4) S(H, d, a, b, c, 4, 0x4bdecfa9, 11)                              \
  S(H, c, d, a, b, 7, 0xf6bb4b60, 16) S(H, b, c, d, a, 10, 0xbebfbc70, 23)                            \
  S(H, a, b, c, d, 13, 0x289b7ec6, 4) S(H, d, a, b, c, 0, 0xeaa127fa, 11)                             \
  S(H, c, d, a, b, 3, 0xd4ef3085, 16) S(H, b, c, d, a, 6, 0x04881d05, 23)                             \
  S(H, a, b, c, d, 9, 0xd9d4d039, 4) S(H, d, a, b, c, 12, 0xe6db99e5, 11)                             \
  S(H, c, d, a, b, 15, 0x1fa27cf8, 16) S(H, b, c, d, a, 2, 0xc4ac5665, 23)                            \
  S(I, a, b, c, d, 0, 0xf4292244, 6) S(I, d, a, b, c, 7, 0x432aff97, 10)                              \
  S(I, c, d, a, b, 14, 0xab9423a7, 15) S(I, b, c, d, a, 5, 0xfc93a039, 21)                            \
  S(I, a, b, c, d, 12, 0x655b59c3, 6) S(I, d, a, b, c, 3, 0x8f0ccc92, 10)                             \
  S(I, c, d, a, b, 10, 0xffeff47d, 15) S(I, b, c, d, a, 1, 0x85845dd1, 21)                            \
  S(I, a, b, c, d, 8, 0x6fa87e4f, 6) S(I, d, a, b, c, 15, 0xfe2ce6e0, 10)                             \
  S(I, c, d, a, b, 6, 0xa3014314, 15) S(I, b, c, d, a, 13, 0x4e0811a1, 21)                            \
  S(I, a, b, c, d, 4, 0xf7537e82, 6) S(I, d, a, b, c, 11, 0xbd3af235, 10)                             \
  S(I, c, d, a, b, 2, 0x2ad7d2bb, 15) S(I, b, c, d, a, 9, 0xeb86d391, 21)

#define LANE_STEP(n, f, a, b, c, d, k, t, s) STEP(f, a##n, b##n, c##n, d##n, load32(p##n + (k) * 4), t, s)
#define S1(f, a, b, c, d, k, t, s) LANE_STEP(0, f, a, b, c, d, k, t, s)
#define S2(f, a, b, c, d, k, t, s) S1(f, a, b, c, d, k, t, s) LANE_STEP(1, f, a, b, c, d, k, t, s)
#define S3(f, a, b, c, d, k, t, s) S2(f, a, b, c, d, k, t, s) LANE_STEP(2, f, a, b, c, d, k, t, s)

#define LANE_IN(n)                                                                                    \
  uint32_t a##n = s##n[0], b##n = s##n[1], c##n = s##n[2], d##n = s##n[3];                           \
  const uint8_t *p##n = in##n;
#define LANE_SAVE(n) uint32_t sa##n = a##n, sb##n = b##n, sc##n = c##n, sd##n = d##n;
#define LANE_ADD(n)                                                                                   \
  a##n += sa##n;                                                                                      \
  b##n += sb##n;                                                                                      \
  c##n += sc##n;                                                                                      \
  d##n += sd##n;                                                                                      \
  p##n += 64;
#define LANE_OUT(n)                                                                                   \
  s##n[0] = a##n;                                                                                     \
  s##n[1] = b##n;                                                                                     \
  s##n[2] = c##n;                                                                                     \
  s##n[3] = d##n;

static void md5_1(uint32_t *s0, const uint8_t *in0, size_t blocks) {
  LANE_IN(0)
  for (size_t i = 0; i < blocks; i++) {
    LANE_SAVE(0)
    MD5_STEPS(S1)
    LANE_ADD(0)
  }
  LANE_OUT(0)
}

static void md5_2(uint32_t *s0, const uint8_t *in0, uint32_t *s1, const uint8_t *in1, size_t blocks) {
  LANE_IN(0) LANE_IN(1)
  for (size_t i = 0; i < blocks; i++) {
    LANE_SAVE(0) LANE_SAVE(1)
    MD5_STEPS(S2)
    LANE_ADD(0) LANE_ADD(1)
  }
  LANE_OUT(0) LANE_OUT(1)
}

static void md5_3(uint32_t *s0, const uint8_t *in0, uint32_t *s1, const uint8_t *in1, uint32_t *s2,
                    const uint8_t *in2, size_t blocks) {
  LANE_IN(0) LANE_IN(1) LANE_IN(2)
  for (size_t i = 0; i < blocks; i++) {
    LANE_SAVE(0) LANE_SAVE(1) LANE_SAVE(2)
    MD5_STEPS(S3)
    LANE_ADD(0) LANE_ADD(1) LANE_ADD(2)
  }
  LANE_OUT(0) LANE_OUT(1) LANE_OUT(2)
}


/* ---- SHA-256 with the SHA extensions, interleaved with MD5 (the round structure of Intel's
 * "Intel SHA Extensions" paper, 2013: four rounds per group, message schedule with msg1/msg2). */

static const uint32_t K256[64] = {
0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,
0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,
0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,
0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,
0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,
0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2};

/* Group g (rounds 4g..4g+3) of SHA-256 lane n: state X0n (ABEF), X1n (CDGH), schedule Wn[4]. */
#define SHA_GROUP(n, g)                                                                                \
  {                                                                                                    \
    if ((g) < 4) W##n[(g)] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(q##n + 16 * (g))), MASK); \
    __m128i M = _mm_add_epi32(W##n[(g) % 4], _mm_loadu_si128((const __m128i *)&K256[4 * (g)]));       \
    X1##n = _mm_sha256rnds2_epu32(X1##n, X0##n, M);                                                    \
    if ((g) >= 3 && (g) <= 14) {                                                                       \
      __m128i T = _mm_alignr_epi8(W##n[(g) % 4], W##n[((g) + 3) % 4], 4);                              \
      W##n[((g) + 1) % 4] = _mm_sha256msg2_epu32(_mm_add_epi32(W##n[((g) + 1) % 4], T), W##n[(g) % 4]); \
    }                                                                                                  \
    M = _mm_shuffle_epi32(M, 0x0E);                                                                    \
    X0##n = _mm_sha256rnds2_epu32(X0##n, X1##n, M);                                                    \
    if ((g) >= 1 && (g) <= 12) W##n[((g) + 3) % 4] = _mm_sha256msg1_epu32(W##n[((g) + 3) % 4], W##n[(g) % 4]); \
  }
#define SHA_BLOCK(n)                                                                                   \
  SHA_GROUP(n, 0) SHA_GROUP(n, 1) SHA_GROUP(n, 2) SHA_GROUP(n, 3) SHA_GROUP(n, 4) SHA_GROUP(n, 5)      \
  SHA_GROUP(n, 6) SHA_GROUP(n, 7) SHA_GROUP(n, 8) SHA_GROUP(n, 9) SHA_GROUP(n, 10) SHA_GROUP(n, 11)    \
  SHA_GROUP(n, 12) SHA_GROUP(n, 13) SHA_GROUP(n, 14) SHA_GROUP(n, 15)
#define SHA_IN(n)                                                                                      \
  __m128i X0##n, X1##n;                                                                                \
  const uint8_t *q##n = in##n;                                                                         \
  {                                                                                                    \
    __m128i T = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h##n[0]), 0xB1);                   \
    X1##n = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h##n[4]), 0x1B);                       \
    X0##n = _mm_alignr_epi8(T, X1##n, 8);                                                              \
    X1##n = _mm_blend_epi16(X1##n, T, 0xF0);                                                           \
  }
#define SHA_SAVE(n) __m128i A##n = X0##n, C##n = X1##n, W##n[4];
#define SHA_ADD(n)                                                                                     \
  X0##n = _mm_add_epi32(X0##n, A##n);                                                                  \
  X1##n = _mm_add_epi32(X1##n, C##n);                                                                  \
  q##n += 64;
#define SHA_OUT(n)                                                                                     \
  {                                                                                                    \
    __m128i T = _mm_shuffle_epi32(X0##n, 0x1B);                                                        \
    X1##n = _mm_shuffle_epi32(X1##n, 0xB1);                                                            \
    _mm_storeu_si128((__m128i *)&h##n[0], _mm_blend_epi16(T, X1##n, 0xF0));                            \
    _mm_storeu_si128((__m128i *)&h##n[4], _mm_alignr_epi8(X1##n, T, 8));                               \
  }
#define SHA_MASK const __m128i MASK = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);

SHA_TARGET static void both_1(uint32_t *s0, uint32_t *h0, const uint8_t *in0, size_t blocks) {
  SHA_MASK LANE_IN(0) SHA_IN(0)
  for (size_t i = 0; i < blocks; i++) {
    LANE_SAVE(0) SHA_SAVE(0)
    SHA_BLOCK(0)
    MD5_STEPS(S1)
    LANE_ADD(0) SHA_ADD(0)
  }
  LANE_OUT(0) SHA_OUT(0)
}

SHA_TARGET static void both_2(uint32_t *s0, uint32_t *h0, const uint8_t *in0, uint32_t *s1, uint32_t *h1,
                              const uint8_t *in1, size_t blocks) {
  SHA_MASK LANE_IN(0) LANE_IN(1) SHA_IN(0) SHA_IN(1)
  for (size_t i = 0; i < blocks; i++) {
    LANE_SAVE(0) LANE_SAVE(1) SHA_SAVE(0) SHA_SAVE(1)
    SHA_BLOCK(0) SHA_BLOCK(1)
    MD5_STEPS(S2)
    LANE_ADD(0) LANE_ADD(1) SHA_ADD(0) SHA_ADD(1)
  }
  LANE_OUT(0) LANE_OUT(1) SHA_OUT(0) SHA_OUT(1)
}

SHA_TARGET static void both_3(uint32_t *s0, uint32_t *h0, const uint8_t *in0, uint32_t *s1, uint32_t *h1,
                              const uint8_t *in1, uint32_t *s2, uint32_t *h2, const uint8_t *in2, size_t blocks) {
  SHA_MASK LANE_IN(0) LANE_IN(1) LANE_IN(2) SHA_IN(0) SHA_IN(1) SHA_IN(2)
  for (size_t i = 0; i < blocks; i++) {
    LANE_SAVE(0) LANE_SAVE(1) LANE_SAVE(2) SHA_SAVE(0) SHA_SAVE(1) SHA_SAVE(2)
    SHA_BLOCK(0) SHA_BLOCK(1) SHA_BLOCK(2)
    MD5_STEPS(S3)
    LANE_ADD(0) LANE_ADD(1) LANE_ADD(2) SHA_ADD(0) SHA_ADD(1) SHA_ADD(2)
  }
  LANE_OUT(0) LANE_OUT(1) LANE_OUT(2) SHA_OUT(0) SHA_OUT(1) SHA_OUT(2)
}

/* ---- The library's interface (native/bindings/digestLanes.ts). */

/* 1 when this CPU has the SHA extensions (with SSSE3 and SSE4.1), so contexts can carry SHA-256. */
EXPORT int wd_has_sha256(void) {
  unsigned int a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1)) return 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  return (b & bit_SHA) ? 1 : 0;
}

/* A new context: MD5, and SHA-256 too when with_sha256 (NULL if this CPU cannot, or out of memory). */
EXPORT void *wd_new(int with_sha256) {
  if (with_sha256 && !wd_has_sha256()) return NULL;
  wd_ctx *ctx = calloc(1, sizeof *ctx);
  if (!ctx) return NULL;
  static const uint32_t md5_init[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  static const uint32_t sha_init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(ctx->md5, md5_init, sizeof md5_init);
  memcpy(ctx->sha, sha_init, sizeof sha_init);
  ctx->with_sha = with_sha256 ? 1 : 0;
  return ctx;
}

EXPORT void wd_free(void *ctx) { free(ctx); }

/* Whole blocks of 1 to 3 contexts of the same kind, interleaved. */
static void run_blocks(wd_ctx **c, const uint8_t **p, int n, size_t blocks) {
  if (c[0]->with_sha) {
    if (n == 1) both_1(c[0]->md5, c[0]->sha, p[0], blocks);
    else if (n == 2) both_2(c[0]->md5, c[0]->sha, p[0], c[1]->md5, c[1]->sha, p[1], blocks);
    else both_3(c[0]->md5, c[0]->sha, p[0], c[1]->md5, c[1]->sha, p[1], c[2]->md5, c[2]->sha, p[2], blocks);
  } else {
    if (n == 1) md5_1(c[0]->md5, p[0], blocks);
    else if (n == 2) md5_2(c[0]->md5, p[0], c[1]->md5, p[1], blocks);
    else md5_3(c[0]->md5, p[0], c[1]->md5, p[1], c[2]->md5, p[2], blocks);
  }
}

#define MAX_LANES 4

typedef struct {
  wd_ctx *ctx;
  const uint8_t *data;
  size_t blocks; /* whole blocks left in data */
} lane;

/*
 * Adds n[i] bytes of d[i] to ctx[i] for each lane whose ctx is not NULL. Returns 1; 0 (and changes
 * nothing) when two lanes name the same context or the contexts are not all of one kind.
 */
EXPORT int wd_update(void *c0, const uint8_t *d0, size_t n0, void *c1, const uint8_t *d1, size_t n1, void *c2,
                     const uint8_t *d2, size_t n2, void *c3, const uint8_t *d3, size_t n3) {
  wd_ctx *ctxs[MAX_LANES] = {c0, c1, c2, c3};
  const uint8_t *datas[MAX_LANES] = {d0, d1, d2, d3};
  size_t lens[MAX_LANES] = {n0, n1, n2, n3};
  int kind = -1;
  for (int i = 0; i < MAX_LANES; i++) {
    if (!ctxs[i]) continue;
    if (kind >= 0 && ctxs[i]->with_sha != kind) return 0;
    kind = ctxs[i]->with_sha;
    for (int j = 0; j < i; j++)
      if (ctxs[j] == ctxs[i]) return 0;
  }
  lane lanes[MAX_LANES];
  int count = 0;
  for (int i = 0; i < MAX_LANES; i++) {
    wd_ctx *ctx = ctxs[i];
    if (!ctx) continue;
    const uint8_t *data = datas[i];
    size_t len = lens[i];
    if (len == 0) continue;
    ctx->length += len;
    if (ctx->used > 0) { /* complete the block a previous update left */
      size_t take = 64 - ctx->used < len ? 64 - ctx->used : len;
      memcpy(ctx->block + ctx->used, data, take);
      ctx->used += (uint32_t)take;
      data += take;
      len -= take;
      if (ctx->used < 64) continue;
      const uint8_t *block = ctx->block;
      run_blocks(&ctx, &block, 1, 1);
      ctx->used = 0;
    }
    size_t whole = len / 64;
    if (len % 64) { /* the tail waits for the next update or the final */
      memcpy(ctx->block, data + whole * 64, len % 64);
      ctx->used = (uint32_t)(len % 64);
    }
    lanes[count++] = (lane){ctx, data, whole};
  }
  /* Interleave as many lanes as still have blocks (at most 3: more do not fit the registers). */
  for (;;) {
    wd_ctx *c[3];
    const uint8_t *p[3];
    lane *live[3];
    int n = 0;
    for (int i = 0; i < count && n < 3; i++)
      if (lanes[i].blocks > 0) live[n++] = &lanes[i];
    if (n == 0) break;
    size_t step = live[0]->blocks;
    for (int i = 1; i < n; i++)
      if (live[i]->blocks < step) step = live[i]->blocks;
    for (int i = 0; i < n; i++) {
      c[i] = live[i]->ctx;
      p[i] = live[i]->data;
    }
    run_blocks(c, p, n, step);
    for (int i = 0; i < n; i++) {
      live[i]->data += step * 64;
      live[i]->blocks -= step;
    }
  }
  return 1;
}

/* The digests: 16 bytes of MD5 to md5_out; 32 of SHA-256 to sha_out when the context has it (else
 * sha_out is left alone). The context is finished; free it afterwards. */
EXPORT void wd_final(void *c, uint8_t *md5_out, uint8_t *sha_out) {
  wd_ctx *ctx = c;
  uint64_t bits = ctx->length * 8;
  uint8_t tail[128] = {0};
  memcpy(tail, ctx->block, ctx->used);
  tail[ctx->used] = 0x80;
  size_t total = ctx->used < 56 ? 64 : 128;
  uint8_t *md5_len = tail + total - 8;
  for (int i = 0; i < 8; i++) md5_len[i] = (uint8_t)(bits >> (8 * i)); /* MD5: little-endian length */
  md5_1(ctx->md5, tail, total / 64);
  memcpy(md5_out, ctx->md5, 16);
  if (!ctx->with_sha || !sha_out) return;
  for (int i = 0; i < 8; i++) md5_len[i] = (uint8_t)(bits >> (56 - 8 * i)); /* SHA-256: big-endian */
  uint32_t unused[4] = {0};
  both_1(unused, ctx->sha, tail, total / 64);
  for (int i = 0; i < 8; i++) {
    sha_out[4 * i] = (uint8_t)(ctx->sha[i] >> 24);
    sha_out[4 * i + 1] = (uint8_t)(ctx->sha[i] >> 16);
    sha_out[4 * i + 2] = (uint8_t)(ctx->sha[i] >> 8);
    sha_out[4 * i + 3] = (uint8_t)ctx->sha[i];
  }
}
