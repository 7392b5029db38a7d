package dev.esfunctions.lambda;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** One deployment artifact, three Lambdas: each profile exports one function, as QUARKUS_FUNQY_EXPORT does. */
final class LambdaProfiles {

    private LambdaProfiles() {
    }

    public static class Search implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "search");
        }
    }

    public static class Upsert implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "upsert");
        }
    }

    public static class Delete implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "delete");
        }
    }

    public static class Plan implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "plan", "es-functions.scan.documents-per-slice", "1000");
        }
    }
}
