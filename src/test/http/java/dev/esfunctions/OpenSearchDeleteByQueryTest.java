package dev.esfunctions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The cases of {@link DeleteByQueryTest} on OpenSearch 3.6.0, which has _delete_by_query: the same answers. */
@QuarkusTest
@TestProfile(OnOpenSearch.class)
class OpenSearchDeleteByQueryTest extends DeleteByQueryTest {
}
