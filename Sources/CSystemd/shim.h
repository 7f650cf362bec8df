#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <sys/syscall.h>
#include <unistd.h>

/// memfd_create(2) with MFD_CLOEXEC: Swift's Glibc module leaves it out (it
/// needs _GNU_SOURCE), and Swift cannot call the variadic syscall(2) itself.
static inline int chatd_memfd_create(const char *name) {
    return (int)syscall(SYS_memfd_create, name, 1U /* MFD_CLOEXEC */);
}
