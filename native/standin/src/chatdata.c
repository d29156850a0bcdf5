/* GetChatData: the vendor's envelope JSON (docs/wecom-sdk.md §3.1) over messages.bin, each record wrapped
 * with the stand-in's scheme (CORPUS-FORMAT.md): RSA PKCS#1 v1.5 of a deterministic random key and
 * AES-256-CBC of the "WWSI" frame. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/WeWorkFinanceSdk_C.h"
#include "standin.h"

#define MAX_LIMIT 1000 /* "最大值1000条，超过1000条会返回错误" (docs/wecom-sdk.md §1.3) */

static void slice_take(Slice_t *slice, strbuf_t *sb) {
    free(slice->buf);
    slice->buf = sb->buf;
    slice->len = (int)sb->len;
}

/* An errcode answer: return 0 with {"errcode":N,"errmsg":"..."} (docs/wecom-sdk.md §2.2). */
static int json_error(Slice_t *slice, int errcode, const char *errmsg) {
    strbuf_t sb = {0};
    sb_append_str(&sb, "{\"errcode\":");
    sb_append_int(&sb, errcode);
    sb_append_str(&sb, ",\"errmsg\":");
    sb_json_string(&sb, errmsg, strlen(errmsg));
    sb_append(&sb, "}", 1);
    if (sb.failed) {
        free(sb.buf);
        return SDK_ERR_SYSTEM;
    }
    slice_take(slice, &sb);
    return SDK_OK;
}

/* Blanks every "md5sum":"<32 hex>" to "md5sum":"" (fault empty_md5_p; "可能存在 MD5 为空字符串",
 * docs/wecom-sdk.md §5). Returns the new length; `out` holds at least n bytes. */
static size_t blank_md5(const char *in, size_t n, char *out) {
    static const char needle[] = "\"md5sum\":\"";
    const size_t nl = sizeof needle - 1;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (i + nl + 33 <= n && memcmp(in + i, needle, nl) == 0 && in[i + nl + 32] == '"' &&
            strspn(in + i + nl, "0123456789abcdefABCDEF") >= 32) {
            memcpy(out + o, needle, nl);
            o += nl;
            i += nl + 32;
        } else {
            out[o++] = in[i++];
        }
    }
    return o;
}

typedef struct {
    char *body;            /* body after faults */
    unsigned char *frame;  /* "WWSI" ‖ u32 BE length ‖ body */
    unsigned char *packed; /* IV ‖ ciphertext */
} scratch_t;

static int append_envelope(strbuf_t *sb, const char *corpid, const record_t *r, EVP_PKEY *pub, const faults_t *f,
                           scratch_t *s) {
    char rk[RANDOM_KEY_LEN + 1];
    derive_random_key(corpid, r->seq, rk);
    unsigned char wrapped[1024];
    size_t wrapped_len = sizeof wrapped;
    if (rsa_pkcs1_encrypt(pub, (const unsigned char *)rk, RANDOM_KEY_LEN, wrapped, &wrapped_len) != 0) {
        return SDK_ERR_KEY;
    }

    const char *body = r->body;
    size_t body_len = r->body_len;
    if (f->empty_md5_p > 0 && faults_hash01(f->seed, "empty_md5", r->seq) < f->empty_md5_p) {
        body_len = blank_md5(r->body, r->body_len, s->body);
        body = s->body;
    }
    memcpy(s->frame, "WWSI", 4);
    s->frame[4] = (unsigned char)(body_len >> 24);
    s->frame[5] = (unsigned char)(body_len >> 16);
    s->frame[6] = (unsigned char)(body_len >> 8);
    s->frame[7] = (unsigned char)body_len;
    memcpy(s->frame + 8, body, body_len);

    unsigned char key[32], mac[32];
    size_t ct_len = 0;
    if (sha256(rk, RANDOM_KEY_LEN, key) != 0 || hmac_sha256(rk, RANDOM_KEY_LEN, "iv", 2, mac) != 0) {
        return SDK_ERR_SYSTEM;
    }
    memcpy(s->packed, mac, 16); /* IV = HMAC-SHA256(rk, "iv")[0..16) */
    if (aes256cbc(1, key, mac, s->frame, 8 + body_len, s->packed + 16, &ct_len) != 0) return SDK_ERR_SYSTEM;

    sb_append_str(sb, "{\"seq\":");
    sb_append_u64(sb, r->seq);
    sb_append_str(sb, ",\"msgid\":");
    sb_json_string(sb, r->msgid, r->msgid_len);
    if (f->malformed_envelope_seqs[0]) {
        char seq_text[24];
        snprintf(seq_text, sizeof seq_text, "%llu", (unsigned long long)r->seq);
        if (faults_list_contains(f->malformed_envelope_seqs, seq_text)) {
            /* FAULTS.md malformed_envelope_seqs: publickey_ver as a string, no encrypt_chat_msg. */
            sb_append_str(sb, ",\"publickey_ver\":\"v");
            sb_append_u64(sb, r->publickey_ver);
            sb_append_str(sb, "\",\"encrypt_random_key\":\"");
            sb_append_b64(sb, wrapped, wrapped_len);
            sb_append_str(sb, "\"}");
            return sb->failed ? SDK_ERR_SYSTEM : SDK_OK;
        }
    }
    sb_append_str(sb, ",\"publickey_ver\":");
    sb_append_u64(sb, r->publickey_ver);
    sb_append_str(sb, ",\"encrypt_random_key\":\"");
    sb_append_b64(sb, wrapped, wrapped_len);
    sb_append_str(sb, "\",\"encrypt_chat_msg\":\"");
    sb_append_b64(sb, s->packed, 16 + ct_len);
    sb_append(sb, "\"}", 2);
    return sb->failed ? SDK_ERR_SYSTEM : SDK_OK;
}

/* Serves records [first, first + n) of the snapshot as the chatdata array. */
static int serve_page(messages_t *m, const char *corpid, size_t first, size_t n, const faults_t *f, Slice_t *out) {
    size_t max_body = 0, estimate = 64;
    for (size_t i = first; i < first + n; i++) {
        record_t r;
        messages_record(m, i, &r);
        if (r.body_len > max_body) max_body = r.body_len;
        estimate += 420 + 6 * (size_t)r.msgid_len + 4 * ((40 + (size_t)r.body_len) / 3 + 1);
    }
    scratch_t s = {malloc(max_body + 1), malloc(max_body + 8), malloc(max_body + 8 + 32)};
    strbuf_t sb = {0};
    sb_reserve(&sb, estimate);
    int rc = (s.body && s.frame && s.packed) ? SDK_OK : SDK_ERR_SYSTEM;
    sb_append_str(&sb, "{\"errcode\":0,\"errmsg\":\"ok\",\"chatdata\":[");
    uint32_t key_version = 0;
    EVP_PKEY *key = NULL;
    for (size_t i = first; i < first + n && rc == SDK_OK; i++) {
        record_t r;
        messages_record(m, i, &r);
        if (!key || r.publickey_ver != key_version) {
            key = messages_pubkey(m, r.publickey_ver);
            key_version = r.publickey_ver;
            if (!key) {
                rc = SDK_ERR_KEY; /* keys/pub_v<N>.pem missing: 密钥错误导致加密失败 */
                break;
            }
        }
        if (i > first) sb_append(&sb, ",", 1);
        rc = append_envelope(&sb, corpid, &r, key, f, &s);
    }
    sb_append(&sb, "]}", 2);
    free(s.body);
    free(s.frame);
    free(s.packed);
    if (rc == SDK_OK && sb.failed) rc = SDK_ERR_SYSTEM;
    if (rc != SDK_OK) {
        free(sb.buf);
        return rc;
    }
    slice_take(out, &sb);
    return SDK_OK;
}

EXPORT int GetChatData(WeWorkFinanceSdk_t *sdk, unsigned long long seq, unsigned int limit, const char *proxy,
                       const char *passwd, int timeout, Slice_t *chatDatas) {
    if (!sdk || !chatDatas || !sdk->inited) return SDK_ERR_PARAM;
    if (limit < 1 || limit > MAX_LIMIT) return SDK_ERR_PARAM;
    int rc = network_check_args(proxy, passwd);
    if (rc) return rc;

    faults_t f;
    faults_current(&f);
    rc = network_prologue(&f, timeout);
    if (rc) return rc;
    double draw = faults_random();
    if (draw < f.p10001) return SDK_ERR_NETWORK;
    if (draw < f.p10001 + f.p10002) return SDK_ERR_PARSE;
    if (draw < f.p10001 + f.p10002 + f.p10003) return SDK_ERR_SYSTEM;

    /* Credentials are checked here, on the first network call, not in Init (docs/wecom-sdk.md §1.3). */
    corp_t *corp = corpus_find(sdk->corpid);
    if (corp && !corp->whitelisted) return SDK_ERR_IP;
    if (!corp) return json_error(chatDatas, 40013, "invalid corpid");
    if (strcmp(corp->secret_sha256, sdk->secret_sha256) != 0) return json_error(chatDatas, 40001, "invalid credential");
    if (!corp->msgaudit) return json_error(chatDatas, 301053, "corp is not open msgaudit");
    if (corp->expired) return json_error(chatDatas, 301052, "msgaudit service expired");
    if (f.has_expired_below && seq < f.expired_below) return SDK_ERR_EXPIRED;
    /* Retention (docs/wecom-sdk.md §7): messages below retained_from are gone. A cursor that still needs one of
     * them is expired; a cursor of 0 restarts from the oldest message still retained. */
    if (f.has_retained_from && seq != 0 && seq + 1 < f.retained_from) return SDK_ERR_EXPIRED;
    uint64_t from = seq;
    if (f.has_retained_from && seq == 0 && f.retained_from > 0) from = f.retained_from - 1;

    draw = faults_random();
    if (draw < f.perr_m1) return json_error(chatDatas, -1, "system busy");
    if (draw < f.perr_m1 + f.perr45009) return json_error(chatDatas, 45009, "api freq out of limit");
    if (draw < f.perr_m1 + f.perr45009 + f.perr301058 ||
        (f.max_limit_301058 > 0 && (long)limit > f.max_limit_301058)) {
        return json_error(chatDatas, 301058, "拉取会话数据请求超过大小限制，可减少limit参数");
    }

    messages_t *m = corpus_messages(corp, &rc);
    if (!m) return rc;
    size_t first = messages_after(m, from); /* exclusive cursor: seq > cursor */
    size_t n = m->count - first < limit ? m->count - first : limit;
    rc = serve_page(m, corp->corpid, first, n, &f, chatDatas);
    messages_release(m);
    return rc;
}
