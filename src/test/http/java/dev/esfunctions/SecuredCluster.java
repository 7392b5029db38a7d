package dev.esfunctions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.cluster.ClusterTrust;
import dev.esfunctions.localcluster.ClusterSecurity;
import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;

/**
 * An Elasticsearch with security on, for the authentication tests: HTTPS with a CA generated here (keytool), a superuser
 * 'writer' and a 'reader' whose role may only read secured-* indices. Started once per JVM.
 */
final class SecuredCluster {

    static final String WRITER = "writer";
    static final String WRITER_PASSWORD = "writer-Pa55-7f3c9e";
    static final String READER = "reader";
    static final String READER_PASSWORD = "reader-Pa55-1b8d42";
    static final String INDEX = "secured-docs";
    private static final Path CERTIFICATES = Path.of("target", "elasticsearch", "test-secured-certificates");
    private static final String STORE_PASSWORD = "test-store-password";

    private SecuredCluster() {
    }

    /** Configuration that points the functions at the secured cluster over HTTPS, trusting the test CA. */
    static Map<String, String> config(Map<String, String> credentials) {
        Map<String, String> config = new HashMap<>(credentials);
        config.put("quarkus.elasticsearch.hosts", address());
        config.put("quarkus.elasticsearch.protocol", "https");
        config.put("es-functions.tls.ca-certificates", CERTIFICATES.resolve("test-ca.crt").toAbsolutePath().toString());
        return config;
    }

    /**
     * The same, the way an Elastic Cloud deployment is reached: a Cloud ID in place of the hosts. It decodes to
     * {@code 127.0.0.1} (the domain {@code 1}, the Elasticsearch id {@code 127.0.0}) on the secured node's port.
     */
    static Map<String, String> cloudConfig(Map<String, String> credentials) {
        Map<String, String> config = new HashMap<>(credentials);
        String port = address().substring(address().lastIndexOf(':') + 1);
        config.put("es-functions.cloud-id", "local-secured:" + Base64.getEncoder().encodeToString(
                ("1:" + port + "$127.0.0$kibana-id").getBytes(StandardCharsets.UTF_8)));
        config.put("es-functions.tls.ca-certificates", CERTIFICATES.resolve("test-ca.crt").toAbsolutePath().toString());
        return config;
    }

    static synchronized String address() {
        try {
            if (!Files.exists(CERTIFICATES.resolve("http.crt"))) {
                generateCertificates();
            }
            String roles = """
                    reader:
                      indices:
                        - names: ["secured-*"]
                          privileges: ["read", "view_index_metadata"]
                    """;
            return LocalElasticsearchConfigSourceFactory.localAddress("test-secured",
                    LocalElasticsearchConfigSourceFactory.HOME, new ClusterSecurity(
                            CERTIFICATES.resolve("test-ca.crt"), CERTIFICATES.resolve("http.crt"),
                            CERTIFICATES.resolve("http.key"), roles,
                            List.of(new ClusterSecurity.User(WRITER, WRITER_PASSWORD, "superuser"),
                                    new ClusterSecurity.User(READER, READER_PASSWORD, "reader"))));
        } catch (Exception e) {
            throw new IllegalStateException("The secured test cluster could not start", e);
        }
    }

    /** A request straight to the cluster as the writer, for what the tests arrange. */
    static String asWriter(String method, String path, String json) throws Exception {
        String address = address();
        HttpClient http = HttpClient.newBuilder().sslContext(trustingTestCa()).connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + address + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (WRITER + ":" + WRITER_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    /**
     * An API key the cluster issues (as the writer, limited by {@code roleDescriptors}) when first asked for: once per
     * JVM, as Quarkus asks a test profile for its configuration more than once, and from a class loader other than the
     * test's (hence a system property holds it).
     */
    static final class ApiKey {
        private final String name;
        private final String roleDescriptors;

        private ApiKey(String name, String roleDescriptors) {
            this.name = name;
            this.roleDescriptors = roleDescriptors;
        }

        static ApiKey lazily(String name, String roleDescriptors) {
            return new ApiKey(name, roleDescriptors);
        }

        private JsonNode issued() {
            String property = "esfunctions.test.api-key." + name;
            try {
                synchronized (System.getProperties()) {
                    if (System.getProperty(property) == null) {
                        System.setProperty(property, asWriter("POST", "/_security/api_key",
                                "{\"name\": \"" + name + "\", \"role_descriptors\": " + roleDescriptors + "}"));
                    }
                }
                return new ObjectMapper().readTree(System.getProperty(property));
            } catch (Exception e) {
                throw new IllegalStateException("The secured cluster issued no API key", e);
            }
        }

        String id() {
            return issued().path("id").asText();
        }

        String secret() {
            return issued().path("api_key").asText();
        }

        /** What {@code quarkus.elasticsearch.api-key} takes: base64 of id:secret. */
        String encoded() {
            return issued().path("encoded").asText();
        }

        void revoke() {
            try {
                asWriter("DELETE", "/_security/api_key", "{\"ids\": [\"" + id() + "\"]}");
            } catch (Exception e) {
                throw new IllegalStateException("The secured cluster did not revoke API key " + id(), e);
            }
        }
    }

    /** A CA and the HTTP certificate it signs, with the JDK's keytool; the key is written as PEM for Elasticsearch. */
    private static void generateCertificates() throws Exception {
        Files.createDirectories(CERTIFICATES);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String ca = CERTIFICATES.resolve("ca.p12").toString();
        String http = CERTIFICATES.resolve("http.p12").toString();
        keytool(keytool, "-genkeypair", "-alias", "ca", "-dname", "CN=es-functions test CA", "-ext", "bc:c",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-keystore", ca, "-storepass", STORE_PASSWORD);
        keytool(keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", STORE_PASSWORD,
                "-file", CERTIFICATES.resolve("test-ca.crt").toString());
        keytool(keytool, "-genkeypair", "-alias", "http", "-dname", "CN=localhost", "-keyalg", "RSA", "-keysize",
                "2048", "-validity", "2", "-keystore", http, "-storepass", STORE_PASSWORD);
        keytool(keytool, "-certreq", "-alias", "http", "-keystore", http, "-storepass", STORE_PASSWORD,
                "-file", CERTIFICATES.resolve("http.csr").toString());
        keytool(keytool, "-gencert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", STORE_PASSWORD,
                "-infile", CERTIFICATES.resolve("http.csr").toString(), "-outfile",
                CERTIFICATES.resolve("http.crt").toString(), "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(Path.of(http))) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        byte[] key = store.getKey("http", STORE_PASSWORD.toCharArray()).getEncoded();
        Files.writeString(CERTIFICATES.resolve("http.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key)
                + "\n-----END PRIVATE KEY-----\n");
    }

    private static void keytool(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static SSLContext trustingTestCa() throws Exception {
        return ClusterTrust.trusting(ClusterTrust.pemTrustStore(CERTIFICATES.resolve("test-ca.crt")));
    }
}
