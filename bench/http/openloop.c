/*
 * openloop: a small open-loop constant-rate HTTP/1.1 load generator for bench/http (wrk2-style; Debian's wrk has no -R).
 * One thread, epoll, keep-alive connections opened as needed (up to --connections). Request i is due at
 * start + i/rate and its latency counts from that due time, not from when a connection was free to send it, so a slow
 * server shows as latency instead of a lower rate (no coordinated omission). It costs a few microseconds of CPU per
 * request, so at the rates of bench/http it leaves the cores to the server (the .NET generator it replaces for run.sh
 * could not send 80 % of the SQLite submission maximum next to the server). Its own CPU time is in the output.
 *
 *   openloop --port P --kind submit|page --dir DIR --token T --rate R --duration S [--warmup W] [--connections C]
 *            [--label L] [--json FILE] [--timeout 30]
 *
 * submit: POST /api/patients/{id}/responses with the bodies of DIR/submissions.tsv (patient id TAB JSON), in turn;
 * page:   GET /patients/{id} for the ids of DIR/patients.txt, in turn. Every request carries "Authorization: Bearer T".
 * Prints (and writes to --json) the same shape as `http-rate`: {"label", "targetRate", ..., "kinds": [{"kind",
 * "requests", "achievedRate", "p50Ms", "p90Ms", "p99Ms", "p999Ms", "maxMs", "statuses", "unexpected"}]}; percentiles
 * are exact (every latency is kept and sorted). Build: cc -O2 -o openloop openloop.c (run.sh does it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

typedef struct { char *data; size_t len; } request_t;
typedef struct {
    int fd, busy, connecting;
    request_t *req; size_t sent;
    int64_t due; int measured;
    char *buf; size_t len, cap;
} conn_t;

static int64_t now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec; }
static void die(const char *m) { fprintf(stderr, "openloop: %s\n", m); exit(2); }

static const char *arg(int argc, char **argv, const char *name, const char *fallback) {
    for (int i = 1; i + 1 < argc; i += 2) if (strcmp(argv[i], name) == 0) return argv[i + 1];
    if (!fallback) { fprintf(stderr, "openloop: %s is required\n", name); exit(2); }
    return fallback;
}

static request_t *requests; static size_t nrequests;

static void add_request(const char *text, size_t len) {
    static size_t cap;
    if (nrequests == cap) { cap = cap ? cap * 2 : 1024; requests = realloc(requests, cap * sizeof *requests); if (!requests) die("out of memory"); }
    requests[nrequests].data = malloc(len); memcpy(requests[nrequests].data, text, len); requests[nrequests].len = len; nrequests++;
}

static void load_requests(const char *kind, const char *dir, const char *token, int port) {
    char path[4096], *line = NULL; size_t cap = 0; ssize_t n;
    int submit = strcmp(kind, "submit") == 0;
    if (!submit && strcmp(kind, "page") != 0) die("--kind must be submit or page");
    snprintf(path, sizeof path, "%s/%s", dir, submit ? "submissions.tsv" : "patients.txt");
    FILE *f = fopen(path, "r"); if (!f) die("cannot read the request list");
    size_t bufcap = 1 << 16; char *buf = malloc(bufcap);
    while ((n = getline(&line, &cap, f)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (n == 0) continue;
        int len;
        if (submit) {
            char *tab = strchr(line, '\t'); if (!tab) die("submissions.tsv: a line without a tab");
            *tab = 0; const char *body = tab + 1; size_t blen = strlen(body);
            if (blen + 1024 > bufcap) { bufcap = blen + 1024; buf = realloc(buf, bufcap); }
            len = snprintf(buf, bufcap, "POST /api/patients/%s/responses HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\n"
                "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s", line, port, token, blen, body);
        } else {
            len = snprintf(buf, bufcap, "GET /patients/%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\n\r\n", line, port, token);
        }
        add_request(buf, (size_t)len);
    }
    free(line); free(buf); fclose(f);
    if (nrequests == 0) die("the request list is empty");
}

/* Returns the status code when buf holds one complete response (and its length in *used), 0 when incomplete, -1 when
 * it cannot be parsed. */
static int parse_response(const char *buf, size_t len, size_t *used) {
    const char *end = memmem(buf, len, "\r\n\r\n", 4);
    if (!end) return 0;
    size_t head = (size_t)(end - buf) + 4;
    if (len < 12 || strncmp(buf, "HTTP/1.", 7) != 0) return -1;
    int status = atoi(buf + 9);
    long content_length = -1; int chunked = 0;
    for (const char *p = buf; p < end; ) {
        const char *eol = memmem(p, (size_t)(end - p) + 2, "\r\n", 2); if (!eol) break;
        if ((size_t)(eol - p) > 15 && strncasecmp(p, "Content-Length:", 15) == 0) content_length = atol(p + 15);
        if ((size_t)(eol - p) > 18 && strncasecmp(p, "Transfer-Encoding:", 18) == 0 && memmem(p, (size_t)(eol - p), "chunked", 7)) chunked = 1;
        p = eol + 2;
    }
    if (chunked) {
        size_t pos = head;
        for (;;) {
            const char *eol = memmem(buf + pos, len - pos, "\r\n", 2); if (!eol) return 0;
            long size = strtol(buf + pos, NULL, 16);
            pos = (size_t)(eol - buf) + 2;
            if (size == 0) { if (len - pos < 2) return 0; *used = pos + 2; return status; } /* no trailers from Kestrel */
            if (len - pos < (size_t)size + 2) return 0;
            pos += (size_t)size + 2;
        }
    }
    if (content_length < 0) content_length = 0;
    if (len - head < (size_t)content_length) return 0;
    *used = head + (size_t)content_length;
    return status;
}

static int cmp64(const void *a, const void *b) { int64_t x = *(const int64_t *)a, y = *(const int64_t *)b; return x < y ? -1 : x > y; }

int main(int argc, char **argv) {
    int port = atoi(arg(argc, argv, "--port", NULL));
    const char *kind = arg(argc, argv, "--kind", NULL), *label = arg(argc, argv, "--label", kind), *json = arg(argc, argv, "--json", "");
    double rate = atof(arg(argc, argv, "--rate", NULL)), duration = atof(arg(argc, argv, "--duration", NULL));
    double warmup = atof(arg(argc, argv, "--warmup", "5")), timeout = atof(arg(argc, argv, "--timeout", "30"));
    int maxconn = atoi(arg(argc, argv, "--connections", "256"));
    if (port <= 0 || !(rate > 0) || !(duration > 0) || warmup < 0 || maxconn < 1) die("bad --port, --rate, --duration, --warmup or --connections");
    load_requests(kind, arg(argc, argv, "--dir", NULL), arg(argc, argv, "--token", NULL), port);

    int ep = epoll_create1(0), tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct epoll_event tev = { .events = EPOLLIN, .data.u64 = UINT64_MAX };
    epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &tev);
    conn_t *conns = calloc((size_t)maxconn, sizeof *conns); int nconns = 0;
    int *idle = malloc(sizeof(int) * (size_t)maxconn); int nidle = 0;
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);

    const double interval = 1e9 / rate;
    const int64_t total = (int64_t)((warmup + duration) * rate), first_measured = (int64_t)(warmup * rate);
    int64_t *lat = malloc(sizeof(int64_t) * (size_t)(total + 1)); size_t nlat = 0;
    long statuses[600] = {0}; long errors = 0, inflight = 0, maxinflight = 0;
    int64_t next = 0; /* index of the next request to send */
    struct rusage ru0; getrusage(RUSAGE_SELF, &ru0);
    const int64_t start = now_ns() + 50000000LL; /* 50 ms to settle */
    int64_t deadline = 0;

    for (;;) {
        int64_t now = now_ns();
        /* Send every due request on an idle connection; open connections while none is idle. */
        while (next < total && start + (int64_t)(next * interval) <= now) {
            int ci;
            if (nidle > 0) ci = idle[--nidle];
            else if (nconns < maxconn) {
                ci = nconns++;
                conn_t *c = &conns[ci]; memset(c, 0, sizeof *c);
                c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
                int one = 1; setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) < 0 && errno != EINPROGRESS) die("connect failed");
                c->connecting = 1; c->cap = 1 << 16; c->buf = malloc(c->cap);
                struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.u64 = (uint64_t)ci };
                epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
            } else break; /* every connection busy: the request waits, its latency still counts from its due time */
            conn_t *c = &conns[ci];
            c->busy = 1; c->req = &requests[next % (int64_t)nrequests]; c->sent = 0; c->len = 0;
            c->due = start + (int64_t)(next * interval); c->measured = next >= first_measured;
            next++; inflight++; if (inflight > maxinflight) maxinflight = inflight;
            if (!c->connecting) {
                ssize_t w = write(c->fd, c->req->data, c->req->len);
                if (w > 0) c->sent = (size_t)w;
            }
        }
        if (next >= total && inflight == 0) break;
        if (next >= total && !deadline) deadline = now + (int64_t)(timeout * 1e9);
        if (deadline && now > deadline) break;
        /* Wake at the next due time (or every 100 ms while draining). */
        int64_t wake = next < total ? start + (int64_t)(next * interval) : now + 100000000LL;
        if (wake > now) {
            struct itimerspec its = { .it_value = { .tv_sec = wake / 1000000000LL, .tv_nsec = wake % 1000000000LL } };
            timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
        }
        struct epoll_event evs[256];
        /* The timer wakes at the next due time; a request that is due but found no free connection waits for an
         * answer to free one (no spinning). */
        int n = epoll_wait(ep, evs, 256, -1);
        for (int i = 0; i < n; i++) {
            if (evs[i].data.u64 == UINT64_MAX) { uint64_t x; (void)!read(tfd, &x, sizeof x); continue; }
            int ci = (int)evs[i].data.u64; conn_t *c = &conns[ci];
            if (evs[i].events & (EPOLLERR | EPOLLHUP)) die("a connection failed (is the server up?)");
            if (c->connecting && (evs[i].events & EPOLLOUT)) {
                c->connecting = 0;
                struct epoll_event ev = { .events = EPOLLIN, .data.u64 = (uint64_t)ci };
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
            }
            if (c->busy && c->sent < c->req->len) {
                ssize_t w = write(c->fd, c->req->data + c->sent, c->req->len - c->sent);
                if (w > 0) c->sent += (size_t)w;
                if (c->sent < c->req->len) {
                    struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.u64 = (uint64_t)ci };
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                } else {
                    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = (uint64_t)ci };
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                }
            }
            if (evs[i].events & EPOLLIN) {
                for (;;) {
                    if (c->cap - c->len < 16384) { c->cap *= 2; c->buf = realloc(c->buf, c->cap); }
                    ssize_t r = read(c->fd, c->buf + c->len, c->cap - c->len);
                    if (r > 0) { c->len += (size_t)r; continue; }
                    if (r == 0) die("the server closed a keep-alive connection");
                    break;
                }
                size_t used = 0; int status = c->busy ? parse_response(c->buf, c->len, &used) : 0;
                if (status < 0) die("an answer that is not HTTP/1.1");
                if (status > 0) {
                    int64_t done = now_ns();
                    if (c->measured) { lat[nlat++] = done - c->due; if (status < 600) statuses[status]++; else errors++; }
                    c->busy = 0; inflight--;
                    memmove(c->buf, c->buf + used, c->len - used); c->len -= used;
                    idle[nidle++] = ci;
                }
            }
        }
    }
    struct rusage ru1; getrusage(RUSAGE_SELF, &ru1);
    double cpu = (double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec + ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec)
               + (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec + ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
    long timedout = inflight;
    qsort(lat, nlat, sizeof *lat, cmp64);
#define PCT(p) (nlat ? (double)lat[(size_t)((p) / 100.0 * (double)(nlat - 1) + 0.5)] / 1e6 : 0.0)
    long unexpected = errors + timedout;
    char statusbuf[4096] = ""; size_t off = 0;
    for (int s = 0; s < 600; s++) if (statuses[s]) {
        off += (size_t)snprintf(statusbuf + off, sizeof statusbuf - off, "%s\"%d\":%ld", off ? "," : "", s, statuses[s]);
        if (s < 200 || (s >= 300 && s != 409)) unexpected += statuses[s];
    }
    char out[8192];
    snprintf(out, sizeof out,
        "{\"label\":\"%s\",\"generator\":\"openloop\",\"targetRate\":%.1f,\"durationSeconds\":%.1f,\"warmupSeconds\":%.1f,\"connections\":%d,"
        "\"connectionsOpened\":%d,\"maxInFlight\":%ld,\"timedOut\":%ld,\"generatorCpuSeconds\":%.2f,\"generatorCpuUsPerRequest\":%.1f,"
        "\"kinds\":[{\"kind\":\"%s\",\"requests\":%zu,\"achievedRate\":%.1f,\"p50Ms\":%.2f,\"p90Ms\":%.2f,\"p99Ms\":%.2f,\"p999Ms\":%.2f,"
        "\"maxMs\":%.2f,\"statuses\":{%s},\"unexpected\":%ld}]}\n",
        label, rate, duration, warmup, maxconn, nconns, maxinflight, timedout, cpu, cpu * 1e6 / (double)(next ? next : 1),
        kind, nlat, (double)nlat / duration, PCT(50), PCT(90), PCT(99), PCT(99.9), nlat ? (double)lat[nlat - 1] / 1e6 : 0.0, statusbuf, unexpected);
    fputs(out, stdout);
    if (*json) { FILE *f = fopen(json, "w"); if (!f) die("cannot write --json"); fputs(out, f); fclose(f); }
    return 0;
}
