/*
 * WeWorkFinanceSdk_C.h — the vendor ABI of libWeWorkFinanceSdk_C.so (WeCom 会话内容存档 C SDK).
 *
 * Written from docs/wecom-sdk.md §1.2–1.3: the 17 exported functions and the two structs, with the
 * exact prototypes of the vendor header (identical across v1, v2 20240606 and v3 20250205).
 * Both the vendor library and this project's stand-in (native/standin) implement this ABI;
 * the app loads either one the same way (native/bindings).
 *
 * Ownership (docs/wecom-sdk.md §1.4): the SDK allocates Slice_t / MediaData_t and their inner buffers
 * (NewSlice / NewMediaData), fills them during a call and releases them in FreeSlice /
 * FreeMediaData. Use a new Slice/MediaData per call. Input strings stay caller-owned.
 *
 * Return codes of Init/GetChatData/DecryptData/GetMediaData (docs/wecom-sdk.md §2.1):
 *   0 ok · 10000 参数错误 · 10001 网络错误 · 10002 数据解析失败 · 10003 系统失败
 *   10004 密钥错误导致加密失败 · 10005 fileid错误 · 10006 解密失败
 *   10007 找不到消息加密版本的私钥 · 10008 解析encrypt_key出错 · 10009 ip非法
 *   10010 数据过期 · 10011 证书错误
 */
#ifndef WEWORK_FINANCE_SDK_C_H
#define WEWORK_FINANCE_SDK_C_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct WeWorkFinanceSdk_t WeWorkFinanceSdk_t;

/* sizeof == 16 on x86_64: buf @0, len @8, 4 bytes tail padding. */
typedef struct Slice_t {
    char* buf;
    int len;
} Slice_t;

/* sizeof == 32 on x86_64: outindexbuf @0, out_len @8, data @16, data_len @24, is_finish @28. */
typedef struct MediaData {
    char* outindexbuf;
    int out_len;
    char* data;
    int data_len;
    int is_finish;
} MediaData_t;

/* 1. Allocates an SDK handle; create once and reuse (one handle per thread for concurrency). */
WeWorkFinanceSdk_t* NewSdk();

/* 2. Stores corpid and the 会话内容存档 secret. Wrong credentials surface on the first pull. */
int Init(WeWorkFinanceSdk_t* sdk, const char* corpid, const char* secret);

/* 3. Pulls up to `limit` (1..1000) messages with seq > `seq` into chatDatas (JSON, docs/wecom-sdk.md §3.1).
 *    proxy: NULL/"" or "socks5://host:port" / "http://host:port"; passwd: "user:password";
 *    timeout in seconds. Return 0 can still carry a non-zero errcode inside the JSON. */
int GetChatData(WeWorkFinanceSdk_t* sdk, unsigned long long seq, unsigned int limit, const char *proxy, const char* passwd, int timeout, Slice_t* chatDatas);

/* 4. Decrypts encrypt_chat_msg with the RSA-decrypted encrypt_random_key; msg receives the JSON. */
int DecryptData(const char* encrypt_key, const char* encrypt_msg, Slice_t* msg);

/* 5. Fetches one chunk (<= 512 KB) of a media file. indexbuf: "" first, then the previous
 *    outindexbuf verbatim, until is_finish == 1. Note: indexbuf comes before sdkFileid. */
int GetMediaData(WeWorkFinanceSdk_t* sdk, const char* indexbuf, const char* sdkFileid, const char *proxy, const char* passwd, int timeout, MediaData_t* media_data);

/* 6. Releases a handle from NewSdk. Never while a call on it is in flight. */
void DestroySdk(WeWorkFinanceSdk_t* sdk);

/* 7–10. Slice helpers. */
Slice_t* NewSlice();
void FreeSlice(Slice_t* slice);
char* GetContentFromSlice(Slice_t* slice);
int GetSliceLen(Slice_t* slice);

/* 11–17. MediaData helpers. GetData is binary: read exactly GetDataLen bytes. */
MediaData_t* NewMediaData();
void FreeMediaData(MediaData_t* media_data);
char* GetOutIndexBuf(MediaData_t* media_data);
char* GetData(MediaData_t* media_data);
int GetIndexLen(MediaData_t* media_data);
int GetDataLen(MediaData_t* media_data);
int IsMediaDataFinish(MediaData_t* media_data);

#ifdef __cplusplus
}
#endif

#endif /* WEWORK_FINANCE_SDK_C_H */
