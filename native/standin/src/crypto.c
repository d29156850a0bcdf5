/* Crypto helpers of the stand-in: base64, SHA-256/HMAC, RSA PKCS#1 v1.5, AES-256-CBC
 * (scheme in CORPUS-FORMAT.md; the vendor's own DecryptData scheme is unknown, SDK-SPEC §3.3). */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "standin.h"

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char KEY_ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

char *b64_encode(const unsigned char *in, size_t len, size_t *out_len) {
    size_t n = 4 * ((len + 2) / 3);
    char *out = malloc(n + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len) v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < len) v |= in[i + 2];
        out[o++] = B64[(v >> 18) & 63];
        out[o++] = B64[(v >> 12) & 63];
        out[o++] = i + 1 < len ? B64[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? B64[v & 63] : '=';
    }
    out[o] = '\0';
    if (out_len) *out_len = o;
    return out;
}

static int b64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

unsigned char *b64_decode(const char *in, size_t len, size_t *out_len) {
    if (len == 0 || len % 4 != 0) return NULL;
    size_t pad = 0;
    if (in[len - 1] == '=') pad++;
    if (in[len - 2] == '=') pad++;
    size_t n = len / 4 * 3 - pad;
    unsigned char *out = malloc(n + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 4) {
        int v[4];
        for (int k = 0; k < 4; k++) {
            char c = in[i + k];
            if (c == '=' && i + 4 == len && k >= 2 && (k == 3 || in[i + 3] == '=')) {
                v[k] = 0;
            } else {
                v[k] = b64_value(c);
                if (v[k] < 0) {
                    free(out);
                    return NULL;
                }
            }
        }
        uint32_t w = ((uint32_t)v[0] << 18) | ((uint32_t)v[1] << 12) | ((uint32_t)v[2] << 6) | (uint32_t)v[3];
        if (o < n) out[o++] = (unsigned char)(w >> 16);
        if (o < n) out[o++] = (unsigned char)(w >> 8);
        if (o < n) out[o++] = (unsigned char)w;
    }
    *out_len = n;
    return out;
}

void hmac_sha256(const void *key, size_t key_len, const void *msg, size_t msg_len, unsigned char out[32]) {
    unsigned int len = 32;
    HMAC(EVP_sha256(), key, (int)key_len, msg, msg_len, out, &len);
}

void sha256(const void *msg, size_t len, unsigned char out[32]) {
    unsigned int n = 32;
    EVP_Digest(msg, len, out, &n, EVP_sha256(), NULL);
}

unsigned char *rsa_pkcs1_encrypt(EVP_PKEY *pub, const unsigned char *in, size_t len, size_t *out_len) {
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pub, NULL);
    unsigned char *out = NULL;
    size_t n = 0;
    if (!ctx || EVP_PKEY_encrypt_init(ctx) <= 0 || EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) <= 0 ||
        EVP_PKEY_encrypt(ctx, NULL, &n, in, len) <= 0) {
        goto done;
    }
    out = malloc(n);
    if (out && EVP_PKEY_encrypt(ctx, out, &n, in, len) <= 0) {
        free(out);
        out = NULL;
    }
    *out_len = n;
done:
    EVP_PKEY_CTX_free(ctx);
    return out;
}

unsigned char *aes256cbc(int encrypt, const unsigned char key[32], const unsigned char iv[16],
                         const unsigned char *in, size_t len, size_t *out_len) {
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    unsigned char *out = malloc(len + 32);
    int a = 0, b = 0;
    if (!ctx || !out || EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), NULL, key, iv, encrypt) != 1 ||
        EVP_CipherUpdate(ctx, out, &a, in, (int)len) != 1 || EVP_CipherFinal_ex(ctx, out + a, &b) != 1) {
        free(out);
        out = NULL;
    } else {
        *out_len = (size_t)(a + b);
    }
    EVP_CIPHER_CTX_free(ctx);
    return out;
}

/* rk[i] = ALPHABET[HMAC-SHA256("standin-rk:" + corpid, decimal(seq))[i] % 62] (CORPUS-FORMAT.md) */
void derive_random_key(const char *corpid, uint64_t seq, char out[RANDOM_KEY_LEN + 1]) {
    char key[256];
    char msg[32];
    int key_len = snprintf(key, sizeof key, "standin-rk:%s", corpid);
    int msg_len = snprintf(msg, sizeof msg, "%llu", (unsigned long long)seq);
    unsigned char mac[32];
    hmac_sha256(key, (size_t)key_len, msg, (size_t)msg_len, mac);
    for (int i = 0; i < RANDOM_KEY_LEN; i++) out[i] = KEY_ALPHABET[mac[i] % 62];
    out[RANDOM_KEY_LEN] = '\0';
}

int random_key_is_valid(const char *key) {
    size_t n = strlen(key);
    if (n != RANDOM_KEY_LEN) return 0;
    for (size_t i = 0; i < n; i++) {
        if (!strchr(KEY_ALPHABET, key[i]) || key[i] == '\0') return 0;
    }
    return 1;
}
