/*
 * hb - the lab guest's one helper program (see the comment at the top of
 * ./build for the whole picture).
 *
 *   hb --pattern DEV
 *       Guest, once per boot.  Lay down or verify the disk pattern on DEV.
 *   hb --run [--disk DEV] [--dirty-mib N] [--dirty-rate R|max]
 *            [--halt-after N] [--name NAME]
 *       Guest, forever.  Dirty memory and print "HB <n>" every second.
 *   hb --verify-image FILE
 *       Host.  Check the pattern in a RAW image (or a raw copy of its first
 *       5 MiB) and print "sum=<hex> boots=<n> last=<HB line>".
 *
 * Disk layout (offsets in bytes):
 *   0        header sector, text, NUL padded to 512 bytes:
 *            "VMLABDSK v1 boots=<n> sum=<16 hex digits> off=1048576 len=4194304\n"
 *   512      last heartbeat sector: "HB <n>\n", NUL padded
 *   1 MiB    4 MiB region: xorshift64 (shifts 13, 7, 17) seeded with
 *            PATTERN_SEED; each output stored as a little-endian 64-bit word
 *   sum      64-bit FNV-1a over the 4 MiB region's bytes
 *
 * Exit status of --pattern and --verify-image: 0 intact (or freshly
 * written), 1 pattern bad or missing, 2 other error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

#define SECTOR 512
#define REGION_OFF (1u << 20)
#define REGION_LEN (4u << 20)
#define CHUNK (1u << 20)
#define PAGE 4096
#define PATTERN_SEED UINT64_C(0x564d4c4142445349)
#define MAGIC "VMLABDSK"
#define NSEC 1000000000LL
#define MIN_STEP_NS 4000000LL /* dirtier wakes at most every 4 ms */

/* ---------- small helpers ---------- */

/* Print one whole line with a single write(), so lines never interleave. */
static void say(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (n > (int)sizeof line - 2)
        n = sizeof line - 2;
    line[n++] = '\n';
    ssize_t w = write(STDOUT_FILENO, line, (size_t)n);
    (void)w;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * NSEC + ts.tv_nsec;
}

static void sleep_until(int64_t t)
{
    struct timespec ts = { .tv_sec = t / NSEC, .tv_nsec = t % NSEC };
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

static void *aligned_alloc_or_die(size_t len)
{
    void *p = NULL;
    if (posix_memalign(&p, PAGE, len) != 0) {
        say("VMLAB ERROR out of memory (%zu bytes)", len);
        exit(2);
    }
    memset(p, 0, len);
    return p;
}

/* Full-length positional I/O; returns 0 or -1 (errno set). */
static int pio(int fd, void *buf, size_t len, off_t off, int writing)
{
    char *p = buf;
    while (len > 0) {
        ssize_t n = writing ? pwrite(fd, p, len, off) : pread(fd, p, len, off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
        p += n;
        len -= (size_t)n;
        off += n;
    }
    return 0;
}

/* ---------- the pattern ---------- */

static uint64_t xorshift64(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static void fill_chunk(unsigned char *buf, size_t len, uint64_t *state)
{
    for (size_t i = 0; i < len; i += 8) {
        uint64_t v = xorshift64(state);
        for (unsigned b = 0; b < 8; b++)
            buf[i + b] = (unsigned char)(v >> (8 * b));
    }
}

static uint64_t fnv1a(uint64_t h, const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}
#define FNV_START UINT64_C(0xcbf29ce484222325)

/* Checksum of the region as stored in fd. */
static int region_sum(int fd, unsigned char *buf, uint64_t *sum)
{
    uint64_t h = FNV_START;
    for (size_t off = 0; off < REGION_LEN; off += CHUNK) {
        if (pio(fd, buf, CHUNK, (off_t)(REGION_OFF + off), 0) < 0)
            return -1;
        h = fnv1a(h, buf, CHUNK);
    }
    *sum = h;
    return 0;
}

struct header {
    int valid;
    unsigned boots;
    uint64_t sum;
};

static struct header parse_header(const unsigned char *sec)
{
    struct header h = { 0, 0, 0 };
    char text[SECTOR + 1];
    memcpy(text, sec, SECTOR);
    text[SECTOR] = '\0';
    if (memcmp(text, MAGIC, strlen(MAGIC)) != 0)
        return h;
    if (sscanf(text, MAGIC " v1 boots=%u sum=%" SCNx64, &h.boots, &h.sum) == 2)
        h.valid = 1;
    return h;
}

static void format_header(unsigned char *sec, unsigned boots, uint64_t sum)
{
    memset(sec, 0, SECTOR);
    snprintf((char *)sec, SECTOR, MAGIC " v1 boots=%u sum=%016" PRIx64
             " off=%u len=%u\n", boots, sum, REGION_OFF, REGION_LEN);
}

/* Open a guest disk for writing; O_DIRECT when the device allows it. */
static int open_disk(const char *dev)
{
    int fd = open(dev, O_RDWR | O_DIRECT | O_CLOEXEC);
    if (fd < 0 && errno == EINVAL)
        fd = open(dev, O_RDWR | O_CLOEXEC);
    return fd;
}

static int do_pattern(const char *dev)
{
    int fd = open_disk(dev);
    if (fd < 0) {
        say("VMLAB ERROR pattern: open %s: %s", dev, strerror(errno));
        return 2;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    if (size < (off_t)(REGION_OFF + REGION_LEN)) {
        say("VMLAB ERROR pattern: %s is too small (%lld bytes, need %u)",
            dev, (long long)size, REGION_OFF + REGION_LEN);
        close(fd);
        return 2;
    }
    unsigned char *sec = aligned_alloc_or_die(2 * SECTOR);
    unsigned char *buf = aligned_alloc_or_die(CHUNK);
    int rc = 0;
    const char *step = "read header";
    if (pio(fd, sec, SECTOR, 0, 0) < 0)
        goto io_error;
    struct header h = parse_header(sec);

    if (!h.valid) {
        /* First boot: region first, header last, so a crash in between
         * simply means "first boot" again next time. */
        uint64_t state = PATTERN_SEED, sum = FNV_START;
        step = "write region";
        for (size_t off = 0; off < REGION_LEN; off += CHUNK) {
            fill_chunk(buf, CHUNK, &state);
            sum = fnv1a(sum, buf, CHUNK);
            if (pio(fd, buf, CHUNK, (off_t)(REGION_OFF + off), 1) < 0)
                goto io_error;
        }
        step = "sync region";
        if (fdatasync(fd) < 0)
            goto io_error;
        format_header(sec, 1, sum);
        memset(sec + SECTOR, 0, SECTOR); /* no heartbeat yet */
        step = "write header";
        if (pio(fd, sec, 2 * SECTOR, 0, 1) < 0 || fdatasync(fd) < 0)
            goto io_error;
        say("VMLAB PATTERN written sum=%016" PRIx64, sum);
    } else {
        uint64_t got;
        step = "read region";
        if (region_sum(fd, buf, &got) < 0)
            goto io_error;
        unsigned boots = h.boots + 1;
        format_header(sec, boots, h.sum);
        step = "write header";
        if (pio(fd, sec, SECTOR, 0, 1) < 0 || fdatasync(fd) < 0)
            goto io_error;
        if (got == h.sum) {
            say("VMLAB PATTERN ok sum=%016" PRIx64 " boots=%u", got, boots);
        } else {
            say("VMLAB PATTERN BAD sum=%016" PRIx64 " want=%016" PRIx64, got, h.sum);
            rc = 1;
        }
    }
    goto out;
io_error:
    say("VMLAB ERROR pattern: %s on %s: %s", step, dev, strerror(errno));
    rc = 2;
out:
    close(fd);
    free(sec);
    free(buf);
    return rc;
}

/* Host side: check a raw image (at least its first 5 MiB). */
static int do_verify_image(const char *file)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "diskcheck: %s: %s\n", file, strerror(errno));
        return 2;
    }
    unsigned char *sec = aligned_alloc_or_die(2 * SECTOR);
    unsigned char *buf = aligned_alloc_or_die(CHUNK);
    uint64_t got;
    if (pio(fd, sec, 2 * SECTOR, 0, 0) < 0 || region_sum(fd, buf, &got) < 0) {
        fprintf(stderr, "diskcheck: %s: cannot read the first %u bytes: %s\n",
                file, REGION_OFF + REGION_LEN, strerror(errno));
        close(fd);
        return 2;
    }
    close(fd);

    /* Last heartbeat: the printable start of sector 1, without newline. */
    char last[SECTOR + 1];
    size_t n = 0;
    while (n < SECTOR && sec[SECTOR + n] >= 0x20 && sec[SECTOR + n] < 0x7f) {
        last[n] = (char)sec[SECTOR + n];
        n++;
    }
    last[n] = '\0';

    struct header h = parse_header(sec);
    int rc;
    if (!h.valid) {
        printf("BAD no header sum=%016" PRIx64 " boots=0 last=%s\n", got, last);
        rc = 1;
    } else if (got != h.sum) {
        printf("BAD sum=%016" PRIx64 " want=%016" PRIx64 " boots=%u last=%s\n",
               got, h.sum, h.boots, last);
        rc = 1;
    } else {
        printf("sum=%016" PRIx64 " boots=%u last=%s\n", got, h.boots, last);
        rc = 0;
    }
    free(sec);
    free(buf);
    return rc;
}

/* ---------- heartbeat and memory dirtier ---------- */

struct run_opts {
    const char *disk;
    const char *name;
    long dirty_mib;
    long dirty_rate; /* pages per second; -1 = as fast as possible */
    long halt_after; /* 0 = never */
};

/* Each page of the buffer starts with the number of the pass that last
 * wrote it; before writing a page the dirtier checks that number, so that a
 * write the migration lost (the page came over older than the guest left
 * it) shows as "VMLAB ERROR memory ..." on the console. */
struct dirtier {
    unsigned char *mem;
    size_t pages;
    size_t next;     /* next page to touch, cycles over the buffer */
    unsigned char value;
    uint64_t pass;   /* 1, 2, ...: the pass now writing */
    uint64_t lost;   /* pages found holding an older pass */
};

static void report_lost(struct dirtier *d, size_t page, uint64_t held)
{
    d->lost++;
    /* the first few one by one, then at 8, 16, 32... */
    if (d->lost <= 4 || (d->lost & (d->lost - 1)) == 0)
        say("VMLAB ERROR memory: page %zu of the dirty buffer holds pass %" PRIu64
            " where pass %" PRIu64 " was written (%" PRIu64 " lost writes so far)",
            page, held, d->pass - 1, d->lost);
}

static void dirty_pages(struct dirtier *d, long count)
{
    if (d->pages == 0)
        return;
    for (long i = 0; i < count; i++) {
        unsigned char *page = d->mem + d->next * PAGE;
        uint64_t held;
        memcpy(&held, page, sizeof held);
        if (held != d->pass - 1)
            report_lost(d, d->next, held);
        memcpy(page, &d->pass, sizeof d->pass);
        page[sizeof d->pass + d->value % (PAGE - sizeof d->pass)] = d->value;
        if (++d->next == d->pages) {
            d->next = 0;
            d->pass++;
            if (++d->value == 0)
                d->value = 1; /* never write zeros: keep pages non-zero */
        }
    }
}

struct beat_disk {
    int fd;
    unsigned char *sec;
    int failed;
};

static void beat_to_disk(struct beat_disk *bd, long n)
{
    if (bd->fd < 0)
        return;
    memset(bd->sec, 0, SECTOR);
    snprintf((char *)bd->sec, SECTOR, "HB %ld\n", n);
    if (pio(bd->fd, bd->sec, SECTOR, SECTOR, 1) < 0 || fdatasync(bd->fd) < 0) {
        if (!bd->failed)
            say("VMLAB ERROR heartbeat disk write: %s", strerror(errno));
        bd->failed = 1;
    } else if (bd->failed) {
        say("VMLAB heartbeat disk write works again");
        bd->failed = 0;
    }
}

static int do_run(const struct run_opts *o)
{
    struct dirtier d = { NULL, 0, 0, 1, 1, 0 };
    if (o->dirty_mib > 0) {
        size_t len = (size_t)o->dirty_mib << 20;
        void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            say("VMLAB ERROR cannot allocate %ld MiB: %s", o->dirty_mib, strerror(errno));
        } else {
            d.mem = p;
            d.pages = len / PAGE;
            for (size_t i = 0; i < d.pages; i++) {
                memset(d.mem + i * PAGE, (int)(i % 255) + 1, PAGE);
                memset(d.mem + i * PAGE, 0, sizeof d.pass); /* pass 0 */
            }
        }
    }

    struct beat_disk bd = { -1, NULL, 0 };
    if (o->disk) {
        bd.fd = open_disk(o->disk);
        if (bd.fd < 0)
            say("VMLAB ERROR heartbeat disk %s: %s", o->disk, strerror(errno));
        else
            bd.sec = aligned_alloc_or_die(SECTOR);
    }

    char rate[32];
    if (o->dirty_rate < 0)
        snprintf(rate, sizeof rate, "max");
    else
        snprintf(rate, sizeof rate, "%ld", o->dirty_rate);
    say("VMLAB READY name=%s dirty_mib=%zu dirty_rate=%s disk=%s",
        o->name ? o->name : "-", d.pages * PAGE >> 20, rate,
        bd.fd >= 0 ? o->disk : "-");

    long hb = 0;
    int64_t period_start = now_ns(); /* start of the current 1 s period */
    long done = 0;                  /* pages dirtied in this period */
    for (;;) {
        int64_t t = now_ns();
        int64_t next_hb = period_start + NSEC;
        if (t >= next_hb) {
            hb++;
            /* Disk first: once "HB n" is on the console, it is on the disk. */
            beat_to_disk(&bd, hb);
            say("HB %ld", hb);
            if (o->halt_after > 0 && hb >= o->halt_after) {
                say("VMLAB HALT after HB %ld", hb);
                sync();
                reboot(RB_POWER_OFF);
                say("VMLAB ERROR power off: %s", strerror(errno));
                exit(2);
            }
            /* After a long stall (paused VM, clock jump) start afresh
             * rather than printing a burst of heartbeats. */
            period_start = (t - next_hb > 2 * NSEC) ? t : next_hb;
            done = 0;
            continue;
        }
        if (o->dirty_rate < 0) {
            dirty_pages(&d, 256); /* flat out; look at the clock now and then */
            continue;
        }
        int64_t wake = next_hb;
        if (o->dirty_rate > 0 && d.pages > 0) {
            long due = (long)((t - period_start) * o->dirty_rate / NSEC);
            if (due > o->dirty_rate)
                due = o->dirty_rate;
            if (due > done) {
                dirty_pages(&d, due - done);
                done = due;
            }
            if (done < o->dirty_rate) {
                int64_t next_page = period_start + (done + 1) * NSEC / o->dirty_rate;
                if (next_page < t + MIN_STEP_NS)
                    next_page = t + MIN_STEP_NS;
                if (next_page < wake)
                    wake = next_page;
            }
        }
        sleep_until(wake);
    }
}

/* ---------- command line ---------- */

/* A knob value: a decimal number in [0, max].  A bad value is reported and
 * replaced by the default, so that the heartbeat always starts. */
static long knob(const char *s, const char *what, long max, long dflt)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > max) {
        say("VMLAB ERROR bad %s '%s', using %ld", what, s, dflt);
        return dflt;
    }
    return v;
}

static int usage(void)
{
    fprintf(stderr,
            "usage: hb --pattern DEV\n"
            "       hb --run [--disk DEV] [--dirty-mib N] [--dirty-rate R|max]\n"
            "                [--halt-after N] [--name NAME]\n"
            "       hb --verify-image RAWFILE\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--pattern") == 0)
        return do_pattern(argv[2]);
    if (argc == 3 && strcmp(argv[1], "--verify-image") == 0)
        return do_verify_image(argv[2]);
    if (argc < 2 || strcmp(argv[1], "--run") != 0)
        return usage();

    struct run_opts o = { NULL, NULL, 8, 256, 0 };
    for (int i = 2; i < argc; i += 2) {
        if (i + 1 >= argc)
            return usage();
        const char *k = argv[i], *v = argv[i + 1];
        if (strcmp(k, "--disk") == 0)
            o.disk = *v ? v : NULL;
        else if (strcmp(k, "--name") == 0)
            o.name = *v ? v : NULL;
        else if (strcmp(k, "--dirty-mib") == 0)
            o.dirty_mib = knob(v, "dirty_mib", 1L << 20, 8);
        else if (strcmp(k, "--dirty-rate") == 0)
            o.dirty_rate = strcmp(v, "max") == 0 ? -1 : knob(v, "dirty_rate", 1L << 30, 256);
        else if (strcmp(k, "--halt-after") == 0)
            o.halt_after = knob(v, "halt_after", 1L << 40, 0);
        else
            return usage();
    }
    return do_run(&o);
}
