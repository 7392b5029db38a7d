package dev.esfunctions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link DeleteByQueryDeadlineTest} where the cluster has _delete_by_query: the task is cancelled at the deadline. */
@QuarkusTest
@TestProfile(OnOpenSearch.class)
class OpenSearchDeleteByQueryDeadlineTest extends DeleteByQueryDeadlineTest {
}
