/*
 * Internal interfaces of the SDK stand-in. Only the 17 functions of the vendor header are exported
 * (docs/wecom-sdk.md §1.3); everything declared here has hidden visibility (-fvisibility=hidden).
 *
 *   sdk.c       handle lifecycle, Slice/MediaData helpers, DecryptData
 *   chatdata.c  GetChatData (envelope JSON, CORPUS-FORMAT.md encryption)
 *   media.c     GetMediaData (512 KB Range chunks, docs/wecom-sdk.md §5)
 *   network.c   what every "network" call shares: argument checks, latency, crash, IP faults
 *   corpus.c    corps.tsv, messages.bin (mmap), media.tsv, public keys; reloaded when files change
 *   crypto.c    base64, SHA-256/HMAC, RSA PKCS#1 v1.5, AES-256-CBC with per-thread contexts
 *   faults.c    WEWORK_STANDIN_FAULTS parsing and the seeded PRNG (FAULTS.md)
 *   strbuf.c    growable output buffer and JSON string escaping
 */
#ifndef STANDIN_H
#define STANDIN_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <openssl/evp.h>

#define EXPORT __attribute__((visibility("default")))

/* Return codes (docs/wecom-sdk.md §2.1). */
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

#define MEDIA_CHUNK_MAX 524288 /* docs/wecom-sdk.md §5: at most 512 KB per call */
#define RANDOM_KEY_LEN 32      /* CORPUS-FORMAT.md: rk is 32 chars of [A-Za-z0-9] */
#define PATH_CAP 4096

/* The opaque handle of NewSdk. One in-flight call per handle (docs/wecom-sdk.md §1.5). */
struct WeWorkFinanceSdk_t {
    char *corpid;
    char secret_sha256[65]; /* the secret itself is not needed: corps.tsv stores its sha256 */
    int inited;
};

/* ---- strbuf.c ---- */
typedef struct {
    char *buf; /* always NUL-terminated once anything was appended */
    size_t len, cap;
    int failed; /* an allocation failed; the content is incomplete */
} strbuf_t;

void sb_reserve(strbuf_t *sb, size_t extra);
void sb_append(strbuf_t *sb, const char *s, size_t n);
void sb_append_str(strbuf_t *sb, const char *s);
void sb_append_u64(strbuf_t *sb, uint64_t v);
void sb_append_int(strbuf_t *sb, long long v);
void sb_json_string(strbuf_t *sb, const char *s, size_t n);
/* Base64 of `in` appended in place (no intermediate buffer). */
void sb_append_b64(strbuf_t *sb, const unsigned char *in, size_t len);

/* ---- crypto.c ---- */
/* Strict base64 (no whitespace, padding only at the end). malloc'd bytes or NULL. */
unsigned char *b64_decode(const char *in, size_t len, size_t *out_len);
int sha256(const void *msg, size_t len, unsigned char out[32]);
int hmac_sha256(const void *key, size_t key_len, const void *msg, size_t msg_len, unsigned char out[32]);
/* RSA PKCS#1 v1.5 encryption with a per-thread EVP_PKEY_CTX cached for `pub`; 0 on success. */
int rsa_pkcs1_encrypt(EVP_PKEY *pub, const unsigned char *in, size_t len, unsigned char *out, size_t *out_len);
/* AES-256-CBC with PKCS#7 padding; `out` needs len + 16 bytes. 0 on success (-1: bad padding). */
int aes256cbc(int encrypt, const unsigned char key[32], const unsigned char iv[16], const unsigned char *in,
              size_t len, unsigned char *out, size_t *out_len);
void derive_random_key(const char *corpid, uint64_t seq, char out[RANDOM_KEY_LEN + 1]);
int random_key_is_valid(const char *key);
void hex_encode(const unsigned char *in, size_t n, char *out);

/* ---- corpus.c ---- */
typedef struct {
    uint64_t seq;
    uint64_t offset; /* of the record header in the mapping */
} record_index_t;

typedef struct {
    uint64_t seq;
    uint32_t publickey_ver;
    const char *msgid;
    uint32_t msgid_len;
    const char *body;
    uint32_t body_len;
} record_t;

typedef struct {
    long long mtime_ns, size, ino;
} file_stamp_t;

/* One loaded messages.bin and the public keys read with it; refcounted so a reload never unmaps
 * pages a concurrent GetChatData still reads. */
typedef struct {
    int refs;
    file_stamp_t stamp;
    void *map;
    size_t map_len;
    record_index_t *index;
    size_t count;
    pthread_mutex_t key_lock;
    struct {
        uint32_t version;
        EVP_PKEY *key;
    } *keys; /* keys/pub_v<N>.pem read so far */
    size_t key_count;
    char *keys_dir;
} messages_t;

typedef struct {
    const char *sdkfileid;
    const char *file; /* name under <root>/media/ */
    char md5[33];
    uint64_t size;
    unsigned attempts; /* downloads started (indexbuf ""), for md5_mismatch_p */
} media_entry_t;

typedef struct {
    int refs;
    file_stamp_t stamp;
    char *text; /* media.tsv contents; entries point into it */
    media_entry_t *entries; /* sorted by sdkfileid */
    size_t count;
} media_table_t;

typedef struct corp {
    char *corpid;
    char secret_sha256[65];
    int whitelisted, msgaudit, expired; /* corps.tsv flags */
    char *dir;       /* <root>/<corpid> */
    char *media_dir; /* <root>/media */
    pthread_mutex_t lock; /* guards the two snapshot pointers and `retired` */
    int retired;          /* replaced by a newer corps.tsv: snapshots are no longer cached */
    messages_t *messages;
    media_table_t *media;
    struct corp *next;
} corp_t;

/* The corp for corpid, or NULL when unknown. corps.tsv is re-read when it (or the root) changes;
 * corp_t objects are never freed, so the pointer stays valid for the process. */
corp_t *corpus_find(const char *corpid);
/* Current messages.bin snapshot with a reference taken (reloaded when the file changed), or NULL
 * with *err set. Release with messages_release. */
messages_t *corpus_messages(corp_t *corp, int *err);
void messages_release(messages_t *m);
/* First record index with seq > cursor (the exclusive cursor, docs/wecom-sdk.md §1.3). */
size_t messages_after(const messages_t *m, uint64_t cursor);
void messages_record(const messages_t *m, size_t i, record_t *out);
/* Public key of a version (loaded once per snapshot); NULL when keys/pub_v<N>.pem is missing. */
EVP_PKEY *messages_pubkey(messages_t *m, uint32_t version);

media_table_t *corpus_media(corp_t *corp, int *err);
void media_release(media_table_t *t);
media_entry_t *media_find(media_table_t *t, const char *sdkfileid);

/* ---- faults.c ---- */
#define FAULT_LIST_CAP 8192
typedef struct {
    uint64_t seed;
    double p10001, p10002, p10003;
    double perr_m1, perr45009, perr301058;
    long max_limit_301058;
    long latency_ms;
    long segv_after;
    char segv_once_file[PATH_CAP];
    double media_fail_p;
    int media_fail_codes[16];
    int media_fail_code_count;
    double md5_mismatch_p;
    char md5_mismatch_ids[FAULT_LIST_CAP];
    double empty_md5_p;
    int has_expired_below;
    uint64_t expired_below;
    int has_retained_from;
    uint64_t retained_from;
    int not_whitelisted;
    char fail_sdkfileids[FAULT_LIST_CAP];
    char decrypt_segv_msgids[FAULT_LIST_CAP];
    char decrypt_bad_utf8_msgids[FAULT_LIST_CAP];
    char media_segv_sdkfileids[FAULT_LIST_CAP];
    char malformed_envelope_seqs[FAULT_LIST_CAP];
} faults_t;

/* Snapshot of the fault settings; re-reads the control file when its mtime or size changed. */
void faults_current(faults_t *out);
/* Uniform double in [0,1) from the process-wide seeded PRNG. */
double faults_random(void);
/* Counts a network call; returns its 1-based number in this process. */
long faults_count_network_call(void);
/* Deterministic uniform double in [0,1) from the seed, a label and a number. */
double faults_hash01(uint64_t seed, const char *label, uint64_t salt);
int faults_list_contains(const char *csv, const char *item);
/* DecryptData's faults for a decrypted body (NUL-terminated), decided by the body's msgid without
 * copying the settings: FAULT_DECRYPT_SEGV, FAULT_DECRYPT_BAD_UTF8 (bits), or 0. */
#define FAULT_DECRYPT_SEGV 1
#define FAULT_DECRYPT_BAD_UTF8 2
int faults_decrypt_actions(const char *body);
/* A real SIGSEGV: a store through a NULL pointer (network.c). */
void faults_crash(void);

/* ---- network.c ---- */
/* 0 when proxy/passwd are acceptable (docs/wecom-sdk.md §1.3), else SDK_ERR_PARAM. */
int network_check_args(const char *proxy, const char *passwd);
/* The part every network call shares: counting, injected crash, latency vs timeout, IP faults. */
int network_prologue(const faults_t *f, int timeout);

#endif
