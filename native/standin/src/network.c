/* What GetChatData and GetMediaData share as the vendor's "network" calls: proxy argument checks
 * (docs/wecom-sdk.md §1.3) and the transport-level faults of FAULTS.md (crash, latency vs timeout, IP). */
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "standin.h"

static int is_host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_';
}

/* proxy: NULL/"" (direct) or scheme://host:port with scheme socks5/socks5h/http/https; host is a
 * name, an IPv4 address or a bracketed IPv6 address; an optional trailing '/'. */
static int proxy_is_valid(const char *proxy) {
    static const char *const schemes[] = {"socks5://", "socks5h://", "http://", "https://"};
    const char *p = NULL;
    for (size_t i = 0; i < sizeof schemes / sizeof *schemes && !p; i++) {
        size_t n = strlen(schemes[i]);
        if (strncmp(proxy, schemes[i], n) == 0) p = proxy + n;
    }
    if (!p) return 0;
    const char *host = p;
    if (*p == '[') {
        const char *close = strchr(p, ']');
        if (!close || close == p + 1) return 0;
        p = close + 1;
    } else {
        while (is_host_char(*p)) p++;
        if (p == host) return 0;
    }
    if (*p++ != ':') return 0;
    long port = 0;
    const char *digits = p;
    while (*p >= '0' && *p <= '9' && p - digits < 6) port = port * 10 + (*p++ - '0');
    if (p == digits || port < 1 || port > 65535) return 0;
    if (*p == '/') p++;
    return *p == '\0';
}

int network_check_args(const char *proxy, const char *passwd) {
    if (proxy && proxy[0] && !proxy_is_valid(proxy)) return SDK_ERR_PARAM;
    if (passwd && passwd[0] && !strchr(passwd, ':')) return SDK_ERR_PARAM; /* "user_name:passwd_123" */
    return SDK_OK;
}

/* Written through a volatile pointer so the compiler must emit the faulting store. */
static volatile int *volatile g_null_page = NULL;

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

void faults_crash(void) {
    /* A real invalid write rather than raise(): a runtime with its own SIGSEGV handler (V8's trap
     * handler) then re-executes the store under the default action and dies, the way the vendor's
     * library crashes (docs/wecom-sdk.md §1.5). */
    *g_null_page = 42;
}

int network_prologue(const faults_t *f, int timeout) {
    long n = faults_count_network_call();
    if (f->segv_after > 0 && n >= f->segv_after) {
        int once = f->segv_once_file[0] != '\0';
        if (!once || access(f->segv_once_file, F_OK) != 0) {
            if (once) {
                int fd = open(f->segv_once_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (fd >= 0) close(fd);
            }
            faults_crash();
        }
    }
    if (f->latency_ms > 0) {
        /* timeout <= 0 means no timeout; otherwise the call gives up after `timeout` seconds. */
        if (timeout > 0 && f->latency_ms > (long)timeout * 1000) {
            sleep_ms((long)timeout * 1000);
            return SDK_ERR_NETWORK;
        }
        sleep_ms(f->latency_ms);
    }
    if (f->not_whitelisted) return SDK_ERR_IP;
    return SDK_OK;
}
