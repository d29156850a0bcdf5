/* Handle lifecycle, DecryptData and the Slice/MediaData helpers of WeWorkFinanceSdk_C.h.
 * GetChatData lives in chatdata.c, GetMediaData in media.c. Ownership follows docs/wecom-sdk.md §1.4: the
 * library allocates the structs and their inner buffers and frees them in FreeSlice/FreeMediaData. */
#include <stdlib.h>
#include <string.h>

#include "../../include/WeWorkFinanceSdk_C.h"
#include "standin.h"

EXPORT WeWorkFinanceSdk_t *NewSdk(void) { return calloc(1, sizeof(WeWorkFinanceSdk_t)); }

/* Only stores the credentials (copied; the caller keeps its strings); like the vendor's Init, wrong
 * ones surface on the first GetChatData/GetMediaData (docs/wecom-sdk.md §1.3). */
EXPORT int Init(WeWorkFinanceSdk_t *sdk, const char *corpid, const char *secret) {
    if (!sdk || !corpid || !secret) return SDK_ERR_PARAM;
    char *copy = strdup(corpid);
    unsigned char digest[32];
    if (!copy || sha256(secret, strlen(secret), digest) != 0) {
        free(copy);
        return SDK_ERR_SYSTEM;
    }
    free(sdk->corpid);
    sdk->corpid = copy;
    hex_encode(digest, 32, sdk->secret_sha256);
    sdk->inited = 1;
    return SDK_OK;
}

EXPORT void DestroySdk(WeWorkFinanceSdk_t *sdk) {
    if (!sdk) return;
    free(sdk->corpid);
    free(sdk);
}

/* Fault decrypt_bad_utf8_msgids: the first byte of the text content (else of the first string value)
 * becomes 0xFF, which is never valid UTF-8; the JSON stays well-formed. */
static void corrupt_utf8(char *body) {
    char *at = strstr(body, "\"content\":\"");
    if (at && at[11] != '"' && at[11] != '\\') {
        at[11] = (char)0xFF;
        return;
    }
    at = strstr(body, "\":\"");
    if (at && at[3] != '"' && at[3] != '\\') at[3] = (char)0xFF;
}

/* Inverse of the envelope of chatdata.c (CORPUS-FORMAT.md): 10008 malformed key, 10002 malformed
 * ciphertext, 10006 wrong key (padding or "WWSI" frame does not check out). */
EXPORT int DecryptData(const char *encrypt_key, const char *encrypt_msg, Slice_t *msg) {
    if (!encrypt_key || !encrypt_msg || !msg) return SDK_ERR_PARAM;
    if (!random_key_is_valid(encrypt_key)) return SDK_ERR_ENCRYPT_KEY;
    size_t packed_len = 0;
    unsigned char *packed = b64_decode(encrypt_msg, strlen(encrypt_msg), &packed_len);
    if (!packed || packed_len < 32 || packed_len % 16 != 0) {
        free(packed);
        return SDK_ERR_PARSE;
    }
    unsigned char key[32];
    unsigned char *frame = malloc(packed_len);
    size_t frame_len = 0;
    int rc = SDK_OK;
    if (!frame || sha256(encrypt_key, RANDOM_KEY_LEN, key) != 0) {
        rc = SDK_ERR_SYSTEM;
    } else if (aes256cbc(0, key, packed, packed + 16, packed_len - 16, frame, &frame_len) != 0 || frame_len < 8 ||
               memcmp(frame, "WWSI", 4) != 0 ||
               ((size_t)frame[4] << 24 | (size_t)frame[5] << 16 | (size_t)frame[6] << 8 | frame[7]) != frame_len - 8) {
        rc = SDK_ERR_DECRYPT;
    }
    free(packed);
    if (rc != SDK_OK) {
        free(frame);
        return rc;
    }
    /* Reuse the frame buffer: body bytes moved to the front, NUL-terminated (read by len). */
    memmove(frame, frame + 8, frame_len - 8);
    frame[frame_len - 8] = '\0';
    int actions = faults_decrypt_actions((const char *)frame);
    if (actions & FAULT_DECRYPT_SEGV) faults_crash(); /* FAULTS.md: a poison message */
    if (actions & FAULT_DECRYPT_BAD_UTF8) corrupt_utf8((char *)frame);
    free(msg->buf);
    msg->buf = (char *)frame;
    msg->len = (int)(frame_len - 8);
    return SDK_OK;
}

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
