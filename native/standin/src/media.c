/* GetMediaData: the chunk protocol of docs/wecom-sdk.md §5 over real files — indexbuf "" first, then the
 * previous outindexbuf ("Range:bytes=a-b") until is_finish; at most 512 KB per call, read with pread. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../include/WeWorkFinanceSdk_C.h"
#include "standin.h"

/* Strict "Range:bytes=<a>-<b>" with decimal a <= b (no signs, spaces or trailing bytes). */
static int parse_range(const char *s, uint64_t *a, uint64_t *b) {
    static const char prefix[] = "Range:bytes=";
    if (strncmp(s, prefix, sizeof prefix - 1) != 0) return -1;
    s += sizeof prefix - 1;
    uint64_t v[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        const char *digits = s;
        while (*s >= '0' && *s <= '9') {
            if (v[k] > (UINT64_MAX - 9) / 10) return -1;
            v[k] = v[k] * 10 + (uint64_t)(*s++ - '0');
        }
        if (s == digits || *s != (k == 0 ? '-' : '\0')) return -1;
        s++;
    }
    if (v[0] > v[1]) return -1;
    *a = v[0];
    *b = v[1];
    return 0;
}

static int set_media(MediaData_t *m, char *data, size_t data_len, const char *next_index, int finished) {
    char *index = strdup(next_index);
    if (!index) {
        free(data);
        return SDK_ERR_SYSTEM;
    }
    free(m->data);
    free(m->outindexbuf);
    m->data = data;
    m->data_len = (int)data_len;
    m->outindexbuf = index;
    m->out_len = (int)strlen(index);
    m->is_finish = finished;
    return SDK_OK;
}

static int read_exact(int fd, char *buf, size_t n, uint64_t offset) {
    size_t done = 0;
    while (done < n) {
        ssize_t got = pread(fd, buf + done, n - done, (off_t)(offset + done));
        if (got <= 0) return -1;
        done += (size_t)got;
    }
    return 0;
}

EXPORT int GetMediaData(WeWorkFinanceSdk_t *sdk, const char *indexbuf, const char *sdkFileid, const char *proxy,
                        const char *passwd, int timeout, MediaData_t *media_data) {
    if (!sdk || !media_data || !sdk->inited || !sdkFileid || !sdkFileid[0]) return SDK_ERR_PARAM;
    int rc = network_check_args(proxy, passwd);
    if (rc) return rc;
    uint64_t start = 0, end = MEDIA_CHUNK_MAX - 1;
    int ranged = indexbuf && indexbuf[0];
    if (ranged && parse_range(indexbuf, &start, &end) != 0) return SDK_ERR_PARAM;

    faults_t f;
    faults_current(&f);
    rc = network_prologue(&f, timeout);
    if (rc) return rc;

    corp_t *corp = corpus_find(sdk->corpid);
    if (corp && !corp->whitelisted) return SDK_ERR_IP;
    if (!corp || strcmp(corp->secret_sha256, sdk->secret_sha256) != 0) return SDK_ERR_KEY;
    if (faults_list_contains(f.fail_sdkfileids, sdkFileid)) return SDK_ERR_FILEID;
    if (faults_list_contains(f.media_segv_sdkfileids, sdkFileid)) faults_crash();
    if (f.media_fail_p > 0 && faults_random() < f.media_fail_p) {
        int count = f.media_fail_code_count;
        if (count == 0) return SDK_ERR_NETWORK;
        int pick = (int)(faults_random() * count);
        return f.media_fail_codes[pick < count ? pick : count - 1];
    }

    media_table_t *table = corpus_media(corp, &rc);
    if (!table) return rc;
    media_entry_t *entry = media_find(table, sdkFileid);
    if (!entry) {
        media_release(table);
        return SDK_ERR_FILEID;
    }
    /* A download attempt starts with indexbuf "" (md5_mismatch_p is decided per attempt). */
    unsigned attempt = ranged ? __atomic_load_n(&entry->attempts, __ATOMIC_ACQUIRE)
                              : __atomic_add_fetch(&entry->attempts, 1, __ATOMIC_ACQ_REL);
    char path[PATH_CAP];
    snprintf(path, sizeof path, "%s/%s", corp->media_dir, entry->file);
    media_release(table);

    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0) close(fd);
        return SDK_ERR_SYSTEM; /* listed in media.tsv but not on disk: a broken corpus */
    }
    uint64_t size = (uint64_t)st.st_size;
    if (size == 0) { /* one call, nothing to serve */
        close(fd);
        return ranged ? SDK_ERR_PARAM : set_media(media_data, malloc(1), 0, "", 1);
    }
    if (start > size - 1) {
        close(fd);
        return SDK_ERR_PARAM;
    }
    if (end > size - 1) end = size - 1;
    if (end - start >= MEDIA_CHUNK_MAX) end = start + MEDIA_CHUNK_MAX - 1;

    size_t n = (size_t)(end - start + 1);
    char *data = malloc(n);
    if (!data || read_exact(fd, data, n, start) != 0) {
        close(fd);
        free(data);
        return SDK_ERR_SYSTEM;
    }
    close(fd);

    /* md5 mismatch fault ("MediaData 的 MD5 可能匹配不上", docs/wecom-sdk.md §5): the byte at size/2 is flipped. */
    int corrupt = faults_list_contains(f.md5_mismatch_ids, sdkFileid) ||
                  (f.md5_mismatch_p > 0 && faults_hash01(f.seed, sdkFileid, attempt) < f.md5_mismatch_p);
    uint64_t victim = size / 2;
    if (corrupt && victim >= start && victim <= end) data[victim - start] ^= 0x5A;

    int finished = end == size - 1;
    char next[64] = "";
    if (!finished) {
        uint64_t next_end = end + MEDIA_CHUNK_MAX < size - 1 ? end + MEDIA_CHUNK_MAX : size - 1;
        snprintf(next, sizeof next, "Range:bytes=%llu-%llu", (unsigned long long)end + 1, (unsigned long long)next_end);
    }
    return set_media(media_data, data, n, next, finished);
}
