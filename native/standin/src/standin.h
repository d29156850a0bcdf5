/*
 * Internal interfaces of the SDK stand-in. Only sdk.c exports symbols (the 17 of the vendor header);
 * everything here has hidden visibility (-fvisibility=hidden).
 */
#ifndef STANDIN_H
#define STANDIN_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <openssl/evp.h>

#define SDK_OK 0
#define SDK_ERR_PARAM 10000
#define SDK_ERR_NETWORK 10001
#define SDK_ERR_PARSE 10002
#define SDK_ERR_SYSTEM 10003
#define SDK_ERR_KEY 10004
#define SDK_ERR_FILEID 10005
#define SDK_ERR_DECRYPT 10006
#define SDK_ERR_ENCRYPT_KEY 10008
#define SDK_ERR_IP 10009
#define SDK_ERR_EXPIRED 10010

#define MEDIA_CHUNK_MAX 524288 /* SDK-SPEC §5: at most 512 KB per call */
#define RANDOM_KEY_LEN 32

/* ---- crypto.c ---- */
char *b64_encode(const unsigned char *in, size_t len, size_t *out_len);
/* Returns malloc'd bytes or NULL when `in` is not strict base64. */
unsigned char *b64_decode(const char *in, size_t len, size_t *out_len);
void hmac_sha256(const void *key, size_t key_len, const void *msg, size_t msg_len, unsigned char out[32]);
void sha256(const void *msg, size_t len, unsigned char out[32]);
/* RSA PKCS#1 v1.5 encryption; returns malloc'd ciphertext or NULL. */
unsigned char *rsa_pkcs1_encrypt(EVP_PKEY *pub, const unsigned char *in, size_t len, size_t *out_len);
unsigned char *aes256cbc(int encrypt, const unsigned char key[32], const unsigned char iv[16],
                         const unsigned char *in, size_t len, size_t *out_len);
void derive_random_key(const char *corpid, uint64_t seq, char out[RANDOM_KEY_LEN + 1]);
int random_key_is_valid(const char *key);

/* ---- corpus.c ---- */
typedef struct {
    char *sdkfileid;
    char *file; /* absolute path */
    char md5[33];
    uint64_t size;
} media_entry_t;

typedef struct {
    uint64_t seq;
    uint32_t publickey_ver;
    const char *msgid;
    uint32_t msgid_len;
    const char *body;
    uint32_t body_len;
} record_t;

typedef struct corp {
    char *corpid;
    char secret_sha256[65];
    int whitelisted;
    int msgaudit;
    int expired;
    char *dir;
    /* messages.bin, mmap'd; reloaded when its size or mtime changes */
    void *map;
    size_t map_len;
    long long map_mtime_ns;
    record_t *records;
    size_t record_count;
    /* media.tsv, sorted by sdkfileid */
    media_entry_t *media;
    size_t media_count;
    /* public keys by version (index = version), loaded on demand */
    EVP_PKEY **pubkeys;
    size_t pubkey_cap;
    pthread_mutex_t lock;
    struct corp *next;
} corp_t;

/* Finds a corp by corpid (loading corps.tsv on first use); NULL when unknown. */
corp_t *corpus_find(const char *corpid);
/* Ensures messages.bin is loaded and current; returns 0 or an SDK error code. Caller holds corp->lock. */
int corpus_load_messages(corp_t *corp);
int corpus_load_media(corp_t *corp);
EVP_PKEY *corpus_pubkey(corp_t *corp, uint32_t version);
const media_entry_t *corpus_media(corp_t *corp, const char *sdkfileid);
const char *corpus_root(void);

/* ---- faults.c ---- */
typedef struct {
    double p10001, p10002, p10003;
    double perr_m1, perr45009, perr301058;
    long max_limit_301058;
    long latency_ms;
    long segv_after;
    char segv_once_file[4096];
    double media_fail_p;
    int media_fail_codes[8];
    int media_fail_code_count;
    double md5_mismatch_p;
    char md5_mismatch_ids[4096];
    double empty_md5_p;
    int has_expired_below;
    uint64_t expired_below;
    int not_whitelisted;
    char fail_sdkfileids[4096];
    uint64_t seed;
} faults_t;

/* Snapshot of the current fault settings (re-reads a control file when it changed). */
void faults_current(faults_t *out);
/* Uniform double in [0,1) from the process-wide seeded PRNG. */
double faults_random(void);
/* Counts a network call; returns its 1-based number in this process. */
long faults_count_network_call(void);
/* Deterministic uniform double in [0,1) from the seed and a label. */
double faults_hash01(uint64_t seed, const char *label, uint64_t salt);
int faults_list_contains(const char *csv, const char *item);

#endif
