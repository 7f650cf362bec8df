#!/bin/sh
# Builds NIOCore and what it needs on Linux (swift-atomics, swift-collections'
# DequeModule, NIO's C shims) with swiftc and clang straight from SwiftPM's
# checkouts, so that a fuzz target can use ByteBuffer without SwiftPM. The
# Swift modules get the flags given (the Makefile's: unoptimised, with
# AddressSanitizer, without coverage, as only chatd's code is under test);
# the small C shims are always built with AddressSanitizer and coverage. Each module gets the settings its own package
# declares (language mode, experimental features, package name); warnings in
# these third-party sources are not ours to fix and are suppressed.
#
# usage: build-niocore.sh CHECKOUTS OUT SWIFTC-FLAGS...
# (CHECKOUTS is SwiftPM's .build/checkouts.) It does nothing when OUT already
# holds a build from the same checkout revisions and flags.
# OUT receives lib<Module>.a and <Module>.swiftmodule for every module and a
# module.modulemap for the C ones: build a target with -I OUT -L OUT and the
# -l flags written to OUT/link-flags.
set -eu
checkouts=$1
out=$2
shift 2
mkdir -p "$out"
checkouts=$(cd "$checkouts" && pwd)
out=$(cd "$out" && pwd)
nio=$checkouts/swift-nio/Sources
collections=$checkouts/swift-collections/Sources
atomics=$checkouts/swift-atomics/Sources
libs=""

# Built already from these checkouts with these flags: nothing to do.
stamp=$(for package in swift-nio swift-collections swift-atomics; do
    git -C "$checkouts/$package" rev-parse HEAD
done; echo "$@")
if [ -f "$out/link-flags" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
    exit 0
fi
echo "building NIOCore for the fuzz targets into $out (a few minutes, once)"
rm -f "$out/module.modulemap" "$out/stamp"

# c_module NAME DIR [CFLAGS...]: the C files of DIR into libNAME.a, and a
# module map for DIR/include/NAME.h (what SwiftPM would generate).
c_module() {
    name=$1 dir=$2
    shift 2
    mkdir -p "$out/$name.c"
    for source in $(find "$dir" -name '*.c'); do
        clang -O1 -fsanitize=address,fuzzer-no-link -I "$dir/include" "$@" -c "$source" \
            -o "$out/$name.c/$(basename "$source" .c).o"
    done
    rm -f "$out/lib$name.a"
    ar rcs "$out/lib$name.a" "$out/$name.c"/*.o
    if [ -f "$dir/include/module.modulemap" ]; then
        sed "s|header \"|header \"$dir/include/|" "$dir/include/module.modulemap" >> "$out/module.modulemap"
    else
        printf 'module %s {\n    umbrella header "%s"\n    export *\n}\n' "$name" "$dir/include/$name.h" >> "$out/module.modulemap"
    fi
    libs="-l$name $libs"
}

# swift_module NAME PACKAGE DIR [SWIFTC-FLAGS...]: every Swift file of DIR.
swift_module() {
    name=$1 package=$2 dir=$3
    shift 3
    find "$dir" -name '*.swift' | sort > "$out/$name.sources"
    xargs -d '\n' swiftc "$@" -suppress-warnings -parse-as-library -emit-library -static \
        -module-name "$name" -package-name "$package" -emit-module -emit-module-path "$out/$name.swiftmodule" \
        -I "$out" \
        -o "$out/lib$name.a" < "$out/$name.sources"
    libs="-l$name $libs"
}

c_module _AtomicsShims "$atomics/_AtomicsShims"
c_module CNIOAtomics "$nio/CNIOAtomics" -D_GNU_SOURCE
c_module CNIOLinux "$nio/CNIOLinux" -D_GNU_SOURCE

swift_module Atomics swift_atomics "$atomics/Atomics" "$@" -swift-version 5 -enable-experimental-feature BuiltinModule
collections_flags="-swift-version 6 -DCOLLECTIONS_RANDOMIZED_TESTING -enable-upcoming-feature MemberImportVisibility
  -enable-experimental-feature BuiltinModule -enable-experimental-feature Lifetimes
  -enable-experimental-feature InoutLifetimeDependence -enable-experimental-feature AddressableParameters
  -enable-experimental-feature AddressableTypes"
# shellcheck disable=SC2086
swift_module InternalCollectionsUtilities swift_collections "$collections/InternalCollectionsUtilities" "$@" $collections_flags
# shellcheck disable=SC2086
swift_module ContainersPreview swift_collections "$collections/ContainersPreview" "$@" $collections_flags
# shellcheck disable=SC2086
swift_module DequeModule swift_collections "$collections/DequeModule" "$@" $collections_flags
nio_flags="-swift-version 6 -enable-experimental-feature Lifetimes"
# shellcheck disable=SC2086
swift_module NIOConcurrencyHelpers swift_nio "$nio/NIOConcurrencyHelpers" "$@" $nio_flags
# shellcheck disable=SC2086
swift_module _NIOBase64 swift_nio "$nio/_NIOBase64" "$@" $nio_flags
# shellcheck disable=SC2086
swift_module _NIODataStructures swift_nio "$nio/_NIODataStructures" "$@" $nio_flags
# shellcheck disable=SC2086
swift_module NIOCore swift_nio "$nio/NIOCore" "$@" $nio_flags

echo "$libs" > "$out/link-flags"
echo "$stamp" > "$out/stamp"
