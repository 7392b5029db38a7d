package dev.esfunctions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The cases of {@link CopyFunctionTest} on OpenSearch 3.6.0: its own point-in-time API, found out from the cluster. */
@QuarkusTest
@TestProfile(OnOpenSearch.class)
class OpenSearchCopyFunctionTest extends CopyFunctionTest {
}
