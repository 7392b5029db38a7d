/*
 * libreporterchelper.so for the native-image builder's progress reporter (com.oracle.svm.hosted.ProgressReporterCHelper),
 * which a GraalVM distribution ships under lib/svm/builder/lib and Maven Central does not. Its two native methods:
 *   private static native int getTerminalWindowColumns0();   columns of the terminal on stdout, or 0 if none
 *   private static native long getPeakRSS0();                peak resident set size of the builder, in bytes, or -1
 * native/check compiles it with gcc into the builder's cache.
 */
#include <jni.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

JNIEXPORT jint JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getTerminalWindowColumns0(JNIEnv *env, jclass clazz) {
    struct winsize w;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0) {
        return (jint) w.ws_col;
    }
    return 0;
}

JNIEXPORT jlong JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getPeakRSS0(JNIEnv *env, jclass clazz) {
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) == 0) {
        return (jlong) usage.ru_maxrss * 1024; /* Linux reports kilobytes */
    }
    return -1;
}
