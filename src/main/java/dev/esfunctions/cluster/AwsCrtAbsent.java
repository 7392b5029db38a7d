package dev.esfunctions.cluster;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

/**
 * The native image without AWS's CRT library (aws-crt, tens of megabytes of native code), which the SDK's checksums
 * module uses for CRC32C, CRC64NVME and xxHash when it is on the class path. SigV4 hashes with SHA-256 only, but the
 * image links every reachable method at build time, and these name the CRT's classes: they are replaced by what the
 * SDK does when the CRT is absent, refuse. Only GraalVM's builder reads this class.
 */
@TargetClass(className = "software.amazon.awssdk.checksums.internal.ChecksumProvider")
final class AwsCrtAbsent {

    // The builder accepts nothing but substitutions here: no helper, no constant, so each message is whole.

    @Substitute
    static SdkChecksum crc64NvmeCrtImplementation() {
        throw new IllegalStateException("CRC64NVME needs AWS's CRT library, not in es-functions");
    }

    @Substitute
    static SdkChecksum createCrtCrc32C() {
        throw new IllegalStateException("CRC32C needs AWS's CRT library, not in es-functions");
    }

    @Substitute
    static SdkChecksum crtXxHash(ChecksumAlgorithm algorithm) {
        throw new IllegalStateException(algorithm.algorithmId() + " needs AWS's CRT library, not in es-functions");
    }
}
