/* The 17 exported functions of WeWorkFinanceSdk_C.h, served from the generated corpus.
 * Semantics follow SDK-SPEC §1–§5; faults come from faults.c (FAULTS.md). */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../include/WeWorkFinanceSdk_C.h"
#include "standin.h"

#define EXPORT __attribute__((visibility("default")))

struct WeWorkFinanceSdk_t {
    char *corpid;
    char secret_sha256[65];
    int inited;
    uint64_t media_attempts; /* counts downloads started (indexbuf ""), for md5 fault decisions */
};

/* ---------- small helpers ---------- */

typedef struct {
    char *buf;
    size_t len, cap;
    int failed;
} strbuf_t;

static void sb_append(strbuf_t *sb, const char *s, size_t n) {
    if (sb->failed) return;
    if (sb->len + n + 1 > sb->cap) {
        size_t cap = (sb->len + n + 1) * 2;
        char *next = realloc(sb->buf, cap);
        if (!next) {
            sb->failed = 1;
            return;
        }
        sb->buf = next;
        sb->cap = cap;
    }
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

static void sb_printf(strbuf_t *sb, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) sb_append(sb, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void sb_json_string(strbuf_t *sb, const char *s, size_t n) {
    sb_append(sb, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            sb_append(sb, esc, 2);
        } else if (c < 0x20) {
            sb_printf(sb, "\\u%04x", c);
        } else {
            sb_append(sb, (const char *)&c, 1);
        }
    }
    sb_append(sb, "\"", 1);
}

static void set_slice(Slice_t *slice, char *buf, size_t len) {
    free(slice->buf);
    slice->buf = buf;
    slice->len = (int)len;
}

static void set_json_error(Slice_t *slice, int errcode, const char *errmsg) {
    strbuf_t sb = {0};
    sb_printf(&sb, "{\"errcode\":%d,\"errmsg\":", errcode);
    sb_json_string(&sb, errmsg, strlen(errmsg));
    sb_append(&sb, "}", 1);
    set_slice(slice, sb.buf, sb.len);
}

static int empty(const char *s) { return !s || !s[0]; }

/* proxy: "" or scheme://host:port with scheme socks5/socks5h/http/https (SDK-SPEC §1.3). */
static int proxy_is_valid(const char *proxy) {
    if (empty(proxy)) return 1;
    const char *schemes[] = {"socks5://", "socks5h://", "http://", "https://"};
    const char *rest = NULL;
    for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++) {
        size_t n = strlen(schemes[i]);
        if (strncmp(proxy, schemes[i], n) == 0) rest = proxy + n;
    }
    if (!rest || !*rest || *rest == ':') return 0;
    const char *colon = strrchr(rest, ':');
    if (!colon || colon == rest) return 0;
    const char *port = colon + 1;
    size_t digits = strspn(port, "0123456789");
    if (digits == 0 || digits > 5) return 0;
    return port[digits] == '\0' || (port[digits] == '/' && port[digits + 1] == '\0');
}

static void hex(const unsigned char *in, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", in[i]);
}

static volatile int *volatile g_null_page = NULL;

/* Shared prologue of the network calls: call counting, injected crash, latency/timeout, IP check. */
static int network_prologue(const faults_t *f, int timeout) {
    long n = faults_count_network_call();
    if (f->segv_after > 0 && n >= f->segv_after) {
        int once = f->segv_once_file[0] != '\0';
        if (!once || access(f->segv_once_file, F_OK) != 0) {
            if (once) {
                int fd = open(f->segv_once_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
                if (fd >= 0) close(fd);
            }
            /* A real invalid write (not raise()): runtimes with SIGSEGV handlers (V8's wasm trap
             * handler) re-execute a faulting instruction under the default action and die. */
            *g_null_page = 42;
        }
    }
    if (f->latency_ms > 0) {
        long wait_ms = f->latency_ms;
        int timed_out = timeout > 0 && f->latency_ms > (long)timeout * 1000;
        if (timed_out) wait_ms = (long)timeout * 1000;
        struct timespec ts = {wait_ms / 1000, (wait_ms % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) != 0) {}
        if (timed_out) return SDK_ERR_NETWORK;
    }
    if (f->not_whitelisted) return SDK_ERR_IP;
    return SDK_OK;
}

/* ---------- handle lifecycle ---------- */

EXPORT WeWorkFinanceSdk_t *NewSdk(void) { return calloc(1, sizeof(WeWorkFinanceSdk_t)); }

EXPORT int Init(WeWorkFinanceSdk_t *sdk, const char *corpid, const char *secret) {
    if (!sdk || !corpid || !secret) return SDK_ERR_PARAM;
    /* Like the vendor's, Init only stores the credentials; they are checked by the first pull. */
    char *copy = strdup(corpid);
    if (!copy) return SDK_ERR_SYSTEM;
    free(sdk->corpid);
    sdk->corpid = copy;
    unsigned char digest[32];
    sha256(secret, strlen(secret), digest);
    hex(digest, 32, sdk->secret_sha256);
    sdk->inited = 1;
    return SDK_OK;
}

EXPORT void DestroySdk(WeWorkFinanceSdk_t *sdk) {
    if (!sdk) return;
    free(sdk->corpid);
    free(sdk);
}

/* ---------- GetChatData ---------- */

/* Blanks every "md5sum":"<32 hex>" in a body (fault empty_md5_p; SDK-SPEC §4.3 says md5 can be ""). */
static size_t blank_md5(const char *in, size_t n, char *out) {
    static const char needle[] = "\"md5sum\":\"";
    size_t nl = sizeof needle - 1, o = 0;
    for (size_t i = 0; i < n;) {
        if (i + nl + 33 <= n && memcmp(in + i, needle, nl) == 0 && in[i + nl + 32] == '"') {
            memcpy(out + o, needle, nl);
            o += nl;
            i += nl + 32;
        } else {
            out[o++] = in[i++];
        }
    }
    return o;
}

static int append_envelope(strbuf_t *sb, corp_t *corp, const record_t *r, const faults_t *f) {
    char rk[RANDOM_KEY_LEN + 1];
    derive_random_key(corp->corpid, r->seq, rk);
    EVP_PKEY *pub = corpus_pubkey(corp, r->publickey_ver);
    if (!pub) return SDK_ERR_KEY;
    size_t enc_len = 0;
    unsigned char *enc = rsa_pkcs1_encrypt(pub, (const unsigned char *)rk, RANDOM_KEY_LEN, &enc_len);
    if (!enc) return SDK_ERR_SYSTEM;
    char *enc_b64 = b64_encode(enc, enc_len, NULL);
    free(enc);

    const char *body = r->body;
    size_t body_len = r->body_len;
    char *blanked = NULL;
    if (f->empty_md5_p > 0 && faults_hash01(f->seed, "empty_md5", r->seq) < f->empty_md5_p) {
        blanked = malloc(body_len + 1);
        if (blanked) {
            body_len = blank_md5(r->body, r->body_len, blanked);
            body = blanked;
        }
    }
    size_t frame_len = 8 + body_len;
    unsigned char *frame = malloc(frame_len);
    unsigned char key[32], mac[32];
    sha256(rk, RANDOM_KEY_LEN, key);
    hmac_sha256(rk, RANDOM_KEY_LEN, "iv", 2, mac);
    size_t ct_len = 0;
    unsigned char *ct = NULL;
    if (frame) {
        memcpy(frame, "WWSI", 4);
        frame[4] = (unsigned char)(body_len >> 24);
        frame[5] = (unsigned char)(body_len >> 16);
        frame[6] = (unsigned char)(body_len >> 8);
        frame[7] = (unsigned char)body_len;
        memcpy(frame + 8, body, body_len);
        ct = aes256cbc(1, key, mac, frame, frame_len, &ct_len);
    }
    free(frame);
    free(blanked);
    unsigned char *packed = ct ? malloc(16 + ct_len) : NULL;
    char *msg_b64 = NULL;
    if (packed) {
        memcpy(packed, mac, 16);
        memcpy(packed + 16, ct, ct_len);
        msg_b64 = b64_encode(packed, 16 + ct_len, NULL);
    }
    free(ct);
    free(packed);
    if (!enc_b64 || !msg_b64) {
        free(enc_b64);
        free(msg_b64);
        return SDK_ERR_SYSTEM;
    }
    sb_printf(sb, "{\"seq\":%llu,\"msgid\":", (unsigned long long)r->seq);
    sb_json_string(sb, r->msgid, r->msgid_len);
    sb_printf(sb, ",\"publickey_ver\":%u,\"encrypt_random_key\":\"", r->publickey_ver);
    sb_append(sb, enc_b64, strlen(enc_b64));
    sb_append(sb, "\",\"encrypt_chat_msg\":\"", 22);
    sb_append(sb, msg_b64, strlen(msg_b64));
    sb_append(sb, "\"}", 2);
    free(enc_b64);
    free(msg_b64);
    return sb->failed ? SDK_ERR_SYSTEM : SDK_OK;
}

EXPORT int GetChatData(WeWorkFinanceSdk_t *sdk, unsigned long long seq, unsigned int limit, const char *proxy,
                       const char *passwd, int timeout, Slice_t *chatDatas) {
    if (!sdk || !chatDatas || !sdk->inited) return SDK_ERR_PARAM;
    if (limit < 1 || limit > 1000) return SDK_ERR_PARAM; /* "超过1000条会返回错误" */
    if (!proxy_is_valid(proxy) || (!empty(passwd) && !strchr(passwd, ':'))) return SDK_ERR_PARAM;

    faults_t f;
    faults_current(&f);
    int rc = network_prologue(&f, timeout);
    if (rc) return rc;
    double r = faults_random();
    if (r < f.p10001) return SDK_ERR_NETWORK;
    if (r < f.p10001 + f.p10002) return SDK_ERR_PARSE;
    if (r < f.p10001 + f.p10002 + f.p10003) return SDK_ERR_SYSTEM;

    corp_t *corp = corpus_find(sdk->corpid);
    if (!corp) {
        set_json_error(chatDatas, 40013, "invalid corpid");
        return SDK_OK;
    }
    if (strcmp(corp->secret_sha256, sdk->secret_sha256) != 0) {
        set_json_error(chatDatas, 40001, "invalid credential, access_token is invalid or not latest");
        return SDK_OK;
    }
    if (!corp->whitelisted) return SDK_ERR_IP;
    if (!corp->msgaudit) {
        set_json_error(chatDatas, 301053, "corp is not open msgaudit");
        return SDK_OK;
    }
    if (corp->expired) {
        set_json_error(chatDatas, 301052, "会话存档服务已过期");
        return SDK_OK;
    }
    if (f.has_expired_below && seq < f.expired_below) return SDK_ERR_EXPIRED;
    double e = faults_random();
    if (e < f.perr_m1) {
        set_json_error(chatDatas, -1, "system busy");
        return SDK_OK;
    }
    if (e < f.perr_m1 + f.perr45009) {
        set_json_error(chatDatas, 45009, "api freq out of limit");
        return SDK_OK;
    }
    if (e < f.perr_m1 + f.perr45009 + f.perr301058 || (f.max_limit_301058 > 0 && limit > (unsigned)f.max_limit_301058)) {
        set_json_error(chatDatas, 301058, "拉取会话数据请求超过大小限制，可减少limit参数");
        return SDK_OK;
    }

    pthread_mutex_lock(&corp->lock);
    rc = corpus_load_messages(corp);
    if (rc) {
        pthread_mutex_unlock(&corp->lock);
        return rc;
    }
    /* Exclusive cursor: the first record with seq > cursor (SDK-SPEC §1.3). */
    size_t lo = 0, hi = corp->record_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (corp->records[mid].seq <= seq) lo = mid + 1;
        else hi = mid;
    }
    strbuf_t sb = {0};
    sb_append(&sb, "{\"errcode\":0,\"errmsg\":\"ok\",\"chatdata\":[", 39);
    for (size_t i = lo; i < corp->record_count && i < lo + limit; i++) {
        if (i > lo) sb_append(&sb, ",", 1);
        rc = append_envelope(&sb, corp, &corp->records[i], &f);
        if (rc) break;
    }
    pthread_mutex_unlock(&corp->lock);
    sb_append(&sb, "]}", 2);
    if (rc || sb.failed) {
        free(sb.buf);
        return rc ? rc : SDK_ERR_SYSTEM;
    }
    set_slice(chatDatas, sb.buf, sb.len);
    return SDK_OK;
}

/* ---------- DecryptData ---------- */

EXPORT int DecryptData(const char *encrypt_key, const char *encrypt_msg, Slice_t *msg) {
    if (!encrypt_key || !encrypt_msg || !msg) return SDK_ERR_PARAM;
    if (!random_key_is_valid(encrypt_key)) return SDK_ERR_ENCRYPT_KEY;
    size_t packed_len = 0;
    unsigned char *packed = b64_decode(encrypt_msg, strlen(encrypt_msg), &packed_len);
    if (!packed || packed_len < 32 || (packed_len - 16) % 16 != 0) {
        free(packed);
        return SDK_ERR_PARSE;
    }
    unsigned char key[32];
    sha256(encrypt_key, RANDOM_KEY_LEN, key);
    size_t frame_len = 0;
    unsigned char *frame = aes256cbc(0, key, packed, packed + 16, packed_len - 16, &frame_len);
    free(packed);
    if (!frame) return SDK_ERR_DECRYPT;
    size_t body_len = frame_len >= 8 ? ((size_t)frame[4] << 24 | (size_t)frame[5] << 16 | (size_t)frame[6] << 8 | frame[7]) : 0;
    if (frame_len < 8 || memcmp(frame, "WWSI", 4) != 0 || body_len != frame_len - 8) {
        free(frame);
        return SDK_ERR_DECRYPT;
    }
    char *body = malloc(body_len + 1);
    if (!body) {
        free(frame);
        return SDK_ERR_SYSTEM;
    }
    memcpy(body, frame + 8, body_len);
    body[body_len] = '\0';
    free(frame);
    set_slice(msg, body, body_len);
    return SDK_OK;
}

/* ---------- GetMediaData ---------- */

static void set_media(MediaData_t *m, char *data, size_t data_len, const char *next_index, int finished) {
    free(m->data);
    free(m->outindexbuf);
    m->data = data;
    m->data_len = (int)data_len;
    m->outindexbuf = strdup(next_index);
    m->out_len = (int)strlen(next_index);
    m->is_finish = finished;
}

EXPORT int GetMediaData(WeWorkFinanceSdk_t *sdk, const char *indexbuf, const char *sdkFileid, const char *proxy,
                        const char *passwd, int timeout, MediaData_t *media_data) {
    if (!sdk || !media_data || !sdk->inited || empty(sdkFileid)) return SDK_ERR_PARAM;
    if (!proxy_is_valid(proxy) || (!empty(passwd) && !strchr(passwd, ':'))) return SDK_ERR_PARAM;

    unsigned long long start = 0, end = 0;
    int ranged = !empty(indexbuf);
    if (ranged) {
        int consumed = 0;
        if (sscanf(indexbuf, "Range:bytes=%llu-%llu%n", &start, &end, &consumed) != 2 ||
            (size_t)consumed != strlen(indexbuf) || end < start) {
            return SDK_ERR_PARAM;
        }
    }
    faults_t f;
    faults_current(&f);
    int rc = network_prologue(&f, timeout);
    if (rc) return rc;

    corp_t *corp = corpus_find(sdk->corpid);
    if (!corp || strcmp(corp->secret_sha256, sdk->secret_sha256) != 0) return SDK_ERR_KEY;
    if (!corp->whitelisted) return SDK_ERR_IP;
    if (faults_list_contains(f.fail_sdkfileids, sdkFileid)) return SDK_ERR_FILEID;
    if (f.media_fail_p > 0 && faults_random() < f.media_fail_p) {
        int count = f.media_fail_code_count;
        return count > 0 ? f.media_fail_codes[(int)(faults_random() * count) % count] : SDK_ERR_NETWORK;
    }

    pthread_mutex_lock(&corp->lock);
    rc = corpus_load_media(corp);
    const media_entry_t *entry = rc ? NULL : corpus_media(corp, sdkFileid);
    uint64_t attempt = ranged ? sdk->media_attempts : ++sdk->media_attempts;
    pthread_mutex_unlock(&corp->lock);
    if (rc) return rc;
    if (!entry) return SDK_ERR_FILEID;

    uint64_t size = entry->size;
    if (size == 0) {
        set_media(media_data, calloc(1, 1), 0, "", 1);
        return SDK_OK;
    }
    if (!ranged) end = MEDIA_CHUNK_MAX - 1;
    if (start > size - 1) return SDK_ERR_PARAM;
    if (end > size - 1) end = size - 1;
    if (end - start + 1 > MEDIA_CHUNK_MAX) end = start + MEDIA_CHUNK_MAX - 1;

    size_t n = (size_t)(end - start + 1);
    char *data = malloc(n);
    int fd = open(entry->file, O_RDONLY);
    ssize_t got = (data && fd >= 0) ? pread(fd, data, n, (off_t)start) : -1;
    if (fd >= 0) close(fd);
    if (got != (ssize_t)n) {
        free(data);
        return SDK_ERR_SYSTEM;
    }
    /* md5 mismatch fault: one byte of the file (at size/2) is served flipped in this download. */
    int corrupt = faults_list_contains(f.md5_mismatch_ids, sdkFileid) ||
                  (f.md5_mismatch_p > 0 && faults_hash01(f.seed, sdkFileid, attempt) < f.md5_mismatch_p);
    uint64_t victim = size / 2;
    if (corrupt && victim >= start && victim <= end) data[victim - start] ^= 0x5A;

    int finished = end == size - 1;
    char next[96] = "";
    if (!finished) {
        unsigned long long next_end = end + MEDIA_CHUNK_MAX;
        if (next_end > size - 1) next_end = size - 1;
        snprintf(next, sizeof next, "Range:bytes=%llu-%llu", (unsigned long long)end + 1, next_end);
    }
    set_media(media_data, data, n, next, finished);
    return SDK_OK;
}

/* ---------- Slice / MediaData helpers (SDK-SPEC §1.4: SDK-allocated, SDK-freed) ---------- */

EXPORT Slice_t *NewSlice(void) { return calloc(1, sizeof(Slice_t)); }

EXPORT void FreeSlice(Slice_t *slice) {
    if (!slice) return;
    free(slice->buf);
    free(slice);
}

EXPORT char *GetContentFromSlice(Slice_t *slice) { return slice ? slice->buf : NULL; }

EXPORT int GetSliceLen(Slice_t *slice) { return slice ? slice->len : 0; }

EXPORT MediaData_t *NewMediaData(void) { return calloc(1, sizeof(MediaData_t)); }

EXPORT void FreeMediaData(MediaData_t *media_data) {
    if (!media_data) return;
    free(media_data->outindexbuf);
    free(media_data->data);
    free(media_data);
}

EXPORT char *GetOutIndexBuf(MediaData_t *media_data) { return media_data ? media_data->outindexbuf : NULL; }

EXPORT char *GetData(MediaData_t *media_data) { return media_data ? media_data->data : NULL; }

EXPORT int GetIndexLen(MediaData_t *media_data) { return media_data ? media_data->out_len : 0; }

EXPORT int GetDataLen(MediaData_t *media_data) { return media_data ? media_data->data_len : 0; }

EXPORT int IsMediaDataFinish(MediaData_t *media_data) { return media_data ? media_data->is_finish : 0; }
