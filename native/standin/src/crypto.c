/* Crypto of the stand-in's envelope scheme (CORPUS-FORMAT.md; the vendor's own DecryptData scheme
 * is unknown, docs/wecom-sdk.md §3.3). A 1000-message page costs 1000 RSA public operations, so the
 * algorithms are fetched once and every thread keeps its own digest/cipher/RSA contexts. */
#include <limits.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "standin.h"

static const char KEY_ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

#define RSA_CACHE 4

typedef struct {
    EVP_MD_CTX *md;
    EVP_CIPHER_CTX *cipher;
    struct {
        EVP_PKEY *key; /* the ctx holds a reference, so the address cannot be reused meanwhile */
        EVP_PKEY_CTX *ctx;
    } rsa[RSA_CACHE];
    unsigned rsa_next;
} thread_ctx_t;

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static pthread_key_t g_tls_key;
static EVP_MD *g_sha256;
static EVP_CIPHER *g_aes;

static void thread_ctx_free(void *p) {
    thread_ctx_t *t = p;
    if (!t) return;
    EVP_MD_CTX_free(t->md);
    EVP_CIPHER_CTX_free(t->cipher);
    for (int i = 0; i < RSA_CACHE; i++) EVP_PKEY_CTX_free(t->rsa[i].ctx);
    free(t);
}

/* The main thread never runs pthread key destructors; free its contexts at exit/dlclose instead
 * (registered after OpenSSL's own atexit handler, so it runs before OpenSSL cleans up). */
static void main_thread_ctx_free(void) {
    thread_ctx_free(pthread_getspecific(g_tls_key));
    pthread_setspecific(g_tls_key, NULL);
}

/* On dlclose, drop the key so exiting threads do not call a destructor in unmapped code (their
 * contexts are then leaked, once). */
__attribute__((destructor)) static void unload(void) {
    if (g_sha256) pthread_key_delete(g_tls_key);
}

static void init_once(void) {
    g_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    g_aes = EVP_CIPHER_fetch(NULL, "AES-256-CBC", NULL);
    pthread_key_create(&g_tls_key, thread_ctx_free);
    atexit(main_thread_ctx_free);
}

static thread_ctx_t *thread_ctx(void) {
    pthread_once(&g_once, init_once);
    if (!g_sha256 || !g_aes) return NULL;
    thread_ctx_t *t = pthread_getspecific(g_tls_key);
    if (t) return t;
    t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->md = EVP_MD_CTX_new();
    t->cipher = EVP_CIPHER_CTX_new();
    if (!t->md || !t->cipher || pthread_setspecific(g_tls_key, t) != 0) {
        thread_ctx_free(t);
        return NULL;
    }
    return t;
}

static int b64_value(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

unsigned char *b64_decode(const char *in, size_t len, size_t *out_len) {
    if (len == 0 || len % 4 != 0) return NULL;
    size_t pad = in[len - 1] == '=' ? (in[len - 2] == '=' ? 2 : 1) : 0;
    size_t n = len / 4 * 3 - pad;
    unsigned char *out = malloc(n + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 4) {
        int last = i + 4 == len;
        int v[4];
        for (int k = 0; k < 4; k++) {
            unsigned char c = (unsigned char)in[i + k];
            v[k] = (last && k >= 4 - (int)pad) ? 0 : b64_value(c);
            if (v[k] < 0) {
                free(out);
                return NULL;
            }
        }
        uint32_t w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
        out[o++] = (unsigned char)(w >> 16);
        if (o < n) out[o++] = (unsigned char)(w >> 8);
        if (o < n) out[o++] = (unsigned char)w;
    }
    *out_len = n;
    return out;
}

static int digest_with(thread_ctx_t *t, const void *a, size_t a_len, const void *b, size_t b_len,
                       unsigned char out[32]) {
    unsigned int n = 32;
    if (EVP_DigestInit_ex2(t->md, g_sha256, NULL) != 1 || EVP_DigestUpdate(t->md, a, a_len) != 1 ||
        (b_len && EVP_DigestUpdate(t->md, b, b_len) != 1) || EVP_DigestFinal_ex(t->md, out, &n) != 1) {
        return -1;
    }
    return 0;
}

int sha256(const void *msg, size_t len, unsigned char out[32]) {
    thread_ctx_t *t = thread_ctx();
    return t ? digest_with(t, msg, len, NULL, 0, out) : -1;
}

/* RFC 2104 over the fetched SHA-256 (OpenSSL's one-shot HMAC() re-fetches the digest per call). */
int hmac_sha256(const void *key, size_t key_len, const void *msg, size_t msg_len, unsigned char out[32]) {
    thread_ctx_t *t = thread_ctx();
    if (!t) return -1;
    unsigned char k[64] = {0}, pad[64], inner[32];
    if (key_len > 64) {
        if (digest_with(t, key, key_len, NULL, 0, k) != 0) return -1;
    } else {
        memcpy(k, key, key_len);
    }
    for (int i = 0; i < 64; i++) pad[i] = k[i] ^ 0x36;
    if (digest_with(t, pad, 64, msg, msg_len, inner) != 0) return -1;
    for (int i = 0; i < 64; i++) pad[i] = k[i] ^ 0x5c;
    return digest_with(t, pad, 64, inner, 32, out);
}

static EVP_PKEY_CTX *rsa_ctx_for(thread_ctx_t *t, EVP_PKEY *pub) {
    for (int i = 0; i < RSA_CACHE; i++) {
        if (t->rsa[i].key == pub && t->rsa[i].ctx) return t->rsa[i].ctx;
    }
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pub, NULL);
    if (!ctx || EVP_PKEY_encrypt_init(ctx) <= 0 || EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) <= 0) {
        EVP_PKEY_CTX_free(ctx);
        return NULL;
    }
    unsigned slot = t->rsa_next++ % RSA_CACHE;
    EVP_PKEY_CTX_free(t->rsa[slot].ctx);
    t->rsa[slot].key = pub;
    t->rsa[slot].ctx = ctx;
    return ctx;
}

int rsa_pkcs1_encrypt(EVP_PKEY *pub, const unsigned char *in, size_t len, unsigned char *out, size_t *out_len) {
    thread_ctx_t *t = thread_ctx();
    EVP_PKEY_CTX *ctx = t ? rsa_ctx_for(t, pub) : NULL;
    if (!ctx || (size_t)EVP_PKEY_get_size(pub) > *out_len) return -1;
    return EVP_PKEY_encrypt(ctx, out, out_len, in, len) == 1 ? 0 : -1;
}

int aes256cbc(int encrypt, const unsigned char key[32], const unsigned char iv[16], const unsigned char *in,
              size_t len, unsigned char *out, size_t *out_len) {
    thread_ctx_t *t = thread_ctx();
    int a = 0, b = 0;
    if (!t || len > INT_MAX - 32) return -1;
    if (EVP_CipherInit_ex2(t->cipher, g_aes, key, iv, encrypt, NULL) != 1 ||
        EVP_CipherUpdate(t->cipher, out, &a, in, (int)len) != 1 || EVP_CipherFinal_ex(t->cipher, out + a, &b) != 1) {
        return -1;
    }
    *out_len = (size_t)a + (size_t)b;
    return 0;
}

/* rk[i] = ALPHABET[HMAC-SHA256("standin-rk:" + corpid, decimal(seq))[i] % 62] (CORPUS-FORMAT.md). */
void derive_random_key(const char *corpid, uint64_t seq, char out[RANDOM_KEY_LEN + 1]) {
    static const char prefix[] = "standin-rk:";
    size_t corp_len = strlen(corpid);
    char stack_key[256];
    char *key = corp_len + sizeof prefix <= sizeof stack_key ? stack_key : malloc(corp_len + sizeof prefix);
    char msg[24];
    int msg_len = snprintf(msg, sizeof msg, "%llu", (unsigned long long)seq);
    unsigned char mac[32] = {0};
    if (key) {
        memcpy(key, prefix, sizeof prefix - 1);
        memcpy(key + sizeof prefix - 1, corpid, corp_len);
        hmac_sha256(key, sizeof prefix - 1 + corp_len, msg, (size_t)msg_len, mac);
        if (key != stack_key) free(key);
    }
    for (int i = 0; i < RANDOM_KEY_LEN; i++) out[i] = KEY_ALPHABET[mac[i] % 62];
    out[RANDOM_KEY_LEN] = '\0';
}

int random_key_is_valid(const char *key) {
    for (int i = 0; i < RANDOM_KEY_LEN; i++) {
        char c = key[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return 0;
    }
    return key[RANDOM_KEY_LEN] == '\0';
}

void hex_encode(const unsigned char *in, size_t n, char *out) {
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[in[i] >> 4];
        out[2 * i + 1] = hex[in[i] & 15];
    }
    out[2 * n] = '\0';
}
