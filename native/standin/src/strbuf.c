/* Growable output buffer for the JSON the stand-in hands back (docs/wecom-sdk.md §3.1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "standin.h"

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void sb_reserve(strbuf_t *sb, size_t extra) {
    if (sb->failed || sb->len + extra + 1 <= sb->cap) return;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < sb->len + extra + 1) cap *= 2;
    char *next = realloc(sb->buf, cap);
    if (!next) {
        sb->failed = 1;
        return;
    }
    sb->buf = next;
    sb->cap = cap;
}

void sb_append(strbuf_t *sb, const char *s, size_t n) {
    sb_reserve(sb, n);
    if (sb->failed) return;
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void sb_append_str(strbuf_t *sb, const char *s) { sb_append(sb, s, strlen(s)); }

void sb_append_u64(strbuf_t *sb, uint64_t v) {
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
    sb_append(sb, tmp, (size_t)n);
}

void sb_append_int(strbuf_t *sb, long long v) {
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%lld", v);
    sb_append(sb, tmp, (size_t)n);
}

/* Escapes '"', '\\' and control characters; other bytes (UTF-8) pass through. */
void sb_json_string(strbuf_t *sb, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    sb_reserve(sb, n * 6 + 2);
    if (sb->failed) return;
    char *o = sb->buf + sb->len;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        } else if (c < 0x20) {
            memcpy(o, "\\u00", 4);
            o[4] = hex[c >> 4];
            o[5] = hex[c & 15];
            o += 6;
        } else {
            *o++ = (char)c;
        }
    }
    *o++ = '"';
    *o = '\0';
    sb->len = (size_t)(o - sb->buf);
}

void sb_append_b64(strbuf_t *sb, const unsigned char *in, size_t len) {
    sb_reserve(sb, 4 * ((len + 2) / 3));
    if (sb->failed) return;
    char *o = sb->buf + sb->len;
    size_t i = 0;
    for (; i + 3 <= len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        o[0] = B64[v >> 18];
        o[1] = B64[(v >> 12) & 63];
        o[2] = B64[(v >> 6) & 63];
        o[3] = B64[v & 63];
        o += 4;
    }
    if (i < len) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len) v |= (uint32_t)in[i + 1] << 8;
        o[0] = B64[v >> 18];
        o[1] = B64[(v >> 12) & 63];
        o[2] = i + 1 < len ? B64[(v >> 6) & 63] : '=';
        o[3] = '=';
        o += 4;
    }
    *o = '\0';
    sb->len = (size_t)(o - sb->buf);
}
