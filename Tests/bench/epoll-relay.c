/*
 * The floor chat-bench measures chatd against: the least a server can do on
 * this machine to relay the benchmark's messages. One thread, one epoll set,
 * no limits, no sanitising, fixed-size buffers. It speaks just enough of
 * docs/protocol.md for chat-bench: NICK, an alias answered with WELCOME, a
 * plain line relayed to everyone as MSG, `/dm <alias> <text>` relayed as DM,
 * `/quit`. Output is batched per epoll_wait round and flushed once per
 * client, as chatd batches per tick, so that both pay one write per
 * recipient per round. Not a server for people: see `make bench-floor`.
 *
 * Usage: epoll-relay [--listen 127.0.0.1:PORT] [other chatd options, ignored]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FDS 65536
#define IN_BYTES 8192
#define ALIAS_BYTES 33

struct client {
    int open;
    /* The descriptor is closed: whatever is still listed for it is skipped. */
    int closed;
    /* Its place in `members` while it has an alias. */
    int member_index;
    int named;
    int dirty;
    char alias[ALIAS_BYTES];
    size_t in_used;
    char in[IN_BYTES];
    char *out;
    size_t out_used, out_size;
};

static struct client *clients[MAX_FDS];
static int dirty[MAX_FDS];
static int dirty_count;
static int members[MAX_FDS];
static int member_count;
static volatile sig_atomic_t stopping;

static void on_term(int signal_number) { (void)signal_number; stopping = 1; }

static void enqueue(int fd, const char *a, size_t an, const char *b, size_t bn, const char *c, size_t cn) {
    struct client *cl = clients[fd];
    size_t need = cl->out_used + an + bn + cn + 1;
    if (need > cl->out_size) {
        size_t size = cl->out_size ? cl->out_size : 256;
        while (size < need) size *= 2;
        char *grown = realloc(cl->out, size);
        if (!grown) return;
        cl->out = grown;
        cl->out_size = size;
    }
    memcpy(cl->out + cl->out_used, a, an); cl->out_used += an;
    memcpy(cl->out + cl->out_used, b, bn); cl->out_used += bn;
    memcpy(cl->out + cl->out_used, c, cn); cl->out_used += cn;
    cl->out[cl->out_used++] = '\n';
    if (!cl->dirty) { cl->dirty = 1; dirty[dirty_count++] = fd; }
}

static int find(const char *alias, size_t length) {
    for (int i = 0; i < member_count; i++) {
        struct client *cl = clients[members[i]];
        if (strlen(cl->alias) == length && memcmp(cl->alias, alias, length) == 0) return members[i];
    }
    return -1;
}

/* Aliases c<N> (chat-bench's) map to a slot directly; others are searched. */
static int by_alias[MAX_FDS];

static int lookup(const char *alias, size_t length) {
    if (length > 1 && alias[0] == 'c') {
        char *end;
        char digits[16] = {0};
        if (length - 1 < sizeof digits) {
            memcpy(digits, alias + 1, length - 1);
            long n = strtol(digits, &end, 10);
            if (*end == 0 && n >= 0 && n < MAX_FDS && by_alias[n] > 0) return by_alias[n];
        }
    }
    return find(alias, length);
}

static void leave(int fd) {
    struct client *cl = clients[fd];
    if (!cl->named) return;
    if (cl->alias[0] == 'c') {
        long n = strtol(cl->alias + 1, NULL, 10);
        if (n >= 0 && n < MAX_FDS && by_alias[n] == fd) by_alias[n] = 0;
    }
    int last = members[--member_count];
    members[cl->member_index] = last;
    clients[last]->member_index = cl->member_index;
    cl->named = 0;
}

static void close_client(int fd) {
    struct client *cl = clients[fd];
    leave(fd);
    cl->open = 0;
    cl->closed = 1;
    cl->out_used = 0;
    close(fd);
}

static void handle_line(int fd, char *line, size_t length) {
    struct client *cl = clients[fd];
    if (!cl->named) {
        if (length == 0 || length >= ALIAS_BYTES) { close_client(fd); return; }
        memcpy(cl->alias, line, length);
        cl->alias[length] = 0;
        cl->named = 1;
        cl->member_index = member_count;
        members[member_count++] = fd;
        if (cl->alias[0] == 'c') {
            long n = strtol(cl->alias + 1, NULL, 10);
            if (n >= 0 && n < MAX_FDS) by_alias[n] = fd;
        }
        enqueue(fd, "WELCOME ", 8, cl->alias, length, " 1 users online", 15);
        return;
    }
    if (length >= 5 && memcmp(line, "/quit", 5) == 0) {
        enqueue(fd, "BYE", 3, "", 0, "", 0);
        leave(fd);
        cl->open = 0;
        return;
    }
    size_t sender_length = strlen(cl->alias);
    if (length > 4 && memcmp(line, "/dm ", 4) == 0) {
        char *to = line + 4;
        char *space = memchr(to, ' ', length - 4);
        if (!space) return;
        int target = lookup(to, (size_t)(space - to));
        if (target < 0 || !clients[target]->open) return;
        char *text = space + 1;
        char prefix[ALIAS_BYTES + 4];
        memcpy(prefix, "DM ", 3);
        memcpy(prefix + 3, cl->alias, sender_length);
        prefix[3 + sender_length] = ' ';
        enqueue(target, prefix, 4 + sender_length, text, (size_t)(line + length - text), "", 0);
        return;
    }
    char prefix[ALIAS_BYTES + 5];
    memcpy(prefix, "MSG ", 4);
    memcpy(prefix + 4, cl->alias, sender_length);
    prefix[4 + sender_length] = ' ';
    for (int i = 0; i < member_count; i++) enqueue(members[i], prefix, 5 + sender_length, line, length, "", 0);
}

static void read_client(int fd) {
    struct client *cl = clients[fd];
    for (;;) {
        ssize_t n = read(fd, cl->in + cl->in_used, IN_BYTES - cl->in_used);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) { close_client(fd); return; }
        if (n < 0) return;
        cl->in_used += (size_t)n;
        size_t start = 0;
        char *newline;
        while (cl->open && (newline = memchr(cl->in + start, '\n', cl->in_used - start))) {
            size_t end = (size_t)(newline - cl->in);
            size_t length = end - start;
            if (length > 0 && cl->in[end - 1] == '\r') length--;
            handle_line(fd, cl->in + start, length);
            start = end + 1;
        }
        if (!cl->open) return;
        memmove(cl->in, cl->in + start, cl->in_used - start);
        cl->in_used -= start;
        if (cl->in_used == IN_BYTES) cl->in_used = 0;
        if ((size_t)n < IN_BYTES) return;
    }
}

static void flush_dirty(int epoll) {
    for (int i = 0; i < dirty_count; i++) {
        int fd = dirty[i];
        struct client *cl = clients[fd];
        cl->dirty = 0;
        if (cl->closed || cl->out_used == 0) continue;
        ssize_t n = write(fd, cl->out, cl->out_used);
        if (n > 0) {
            memmove(cl->out, cl->out + n, cl->out_used - (size_t)n);
            cl->out_used -= (size_t)n;
        }
        if (!cl->open && cl->out_used == 0) { cl->closed = 1; close(fd); continue; }
        if (cl->out_used > 0) {
            struct epoll_event event = {.events = EPOLLIN | EPOLLOUT, .data.fd = fd};
            epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event);
        }
    }
    dirty_count = 0;
}

int main(int argc, char **argv) {
    const char *listen_at = "127.0.0.1:55555";
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--listen") == 0) listen_at = argv[i + 1];
    char host[64];
    const char *colon = strrchr(listen_at, ':');
    if (!colon || (size_t)(colon - listen_at) >= sizeof host) { fprintf(stderr, "epoll-relay: bad --listen %s\n", listen_at); return 64; }
    memcpy(host, listen_at, (size_t)(colon - listen_at));
    host[colon - listen_at] = 0;

    /* The benchmark may start it with signals blocked (inherited from its own threads). */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    struct sigaction term = {.sa_handler = on_term};
    sigaction(SIGTERM, &term, NULL);
    sigaction(SIGINT, &term, NULL);
    signal(SIGPIPE, SIG_IGN);

    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int yes = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(colon + 1))};
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1 || bind(listener, (struct sockaddr *)&address, sizeof address) != 0 ||
        listen(listener, 4096) != 0) {
        perror("epoll-relay: listen");
        return 1;
    }
    int epoll = epoll_create1(0);
    struct epoll_event event = {.events = EPOLLIN, .data.fd = listener};
    epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event);
    struct epoll_event events[256];
    while (!stopping) {
        int ready = epoll_wait(epoll, events, 256, -1);
        for (int i = 0; i < ready; i++) {
            int fd = events[i].data.fd;
            if (fd == listener) {
                int accepted;
                while ((accepted = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    if (accepted >= MAX_FDS) { close(accepted); continue; }
                    setsockopt(accepted, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
                    if (!clients[accepted]) clients[accepted] = calloc(1, sizeof(struct client));
                    struct client *cl = clients[accepted];
                    char *out = cl->out;
                    size_t out_size = cl->out_size;
                    memset(cl, 0, sizeof *cl);
                    cl->out = out;
                    cl->out_size = out_size;
                    cl->open = 1;
                    struct epoll_event added = {.events = EPOLLIN, .data.fd = accepted};
                    epoll_ctl(epoll, EPOLL_CTL_ADD, accepted, &added);
                    enqueue(accepted, "NICK choose an alias", 20, "", 0, "", 0);
                }
                continue;
            }
            struct client *cl = clients[fd];
            if (!cl || !cl->open) continue;
            if (events[i].events & EPOLLOUT) {
                struct epoll_event back = {.events = EPOLLIN, .data.fd = fd};
                epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &back);
                if (!cl->dirty) { cl->dirty = 1; dirty[dirty_count++] = fd; }
            }
            if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) read_client(fd);
        }
        flush_dirty(epoll);
    }
    return 0;
}
