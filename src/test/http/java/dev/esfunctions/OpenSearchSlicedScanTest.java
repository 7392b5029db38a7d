package dev.esfunctions;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The cases of {@link SlicedScanTest} on OpenSearch 3.6.0, whose point-in-time API is {@code _search/point_in_time}:
 * the functions find out from the cluster, with no setting.
 */
@QuarkusTest
@TestProfile(OpenSearchSlicedScanTest.SmallSlicesOnOpenSearch.class)
class OpenSearchSlicedScanTest extends SlicedScanTest {

    public static class SmallSlicesOnOpenSearch extends OnOpenSearch {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.putAll(new SlicedScanTest.SmallSlices().getConfigOverrides());
            return overrides;
        }
    }
}
