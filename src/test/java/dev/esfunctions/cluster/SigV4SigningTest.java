package dev.esfunctions.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.http.HttpHost;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.EsFunctionsConfig.AwsService;
import dev.esfunctions.SigV4Verifier;
import dev.esfunctions.SigV4Verifier.Arrived;
import dev.esfunctions.errors.ClusterFailure;
import dev.esfunctions.errors.Failures;
import dev.esfunctions.errors.FunctionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * SigV4 against AWS's published values. The aws-sig-v4-test-suite (credentials AKIDEXAMPLE, us-east-1, service
 * {@code service}, 20150830T123600Z) proves the independent verifier the cluster tests check every request with.
 * AWS's SDK signer, which es-functions signs with, always signs {@code x-amz-content-sha256} (Serverless requires it),
 * which the 2015 suite's requests do not carry: so our signing path is proven against AWS's published examples that
 * do sign it (the S3 documentation's "GET Bucket Lifecycle" and "GET Bucket (List Objects)"), and the requests it
 * signs in the suite's terms must satisfy the verifier.
 */
class SigV4SigningTest {

    private static final String SUITE_KEY = "AKIDEXAMPLE";
    private static final String SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String SUITE_DATE = "20150830T123600Z";
    private static final Clock SUITE_CLOCK = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
    private static final String SUITE_TOKEN = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
    private static final HttpHost SUITE_HOST = new HttpHost("example.amazonaws.com", -1, "https");
    private static final SigV4Verifier SUITE = new SigV4Verifier(SUITE_KEY, SUITE_SECRET, null, "us-east-1", "service");

    /** name, method, path, query, extra headers (name=value;...), body, signed headers, signature (the .authz). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "get-vanilla|GET|/||||host;x-amz-date|5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            "get-vanilla-query|GET|/||||host;x-amz-date|5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            "get-vanilla-empty-query-key|GET|/|Param1=value1|||host;x-amz-date|a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
            "get-vanilla-query-order-key-case|GET|/|Param2=value2&Param1=value1|||host;x-amz-date|b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
            "get-header-value-trim|GET|/||my-header1= value1;my-header2= \"a   b   c\"||host;my-header1;my-header2;x-amz-date|acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
            "post-vanilla|POST|/||||host;x-amz-date|5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
            "post-vanilla-query|POST|/|Param1=value1|||host;x-amz-date|28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
            "post-header-key-sort|POST|/||my-header1=value1||host;my-header1;x-amz-date|c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c",
            "post-header-value-case|POST|/||my-header1=VALUE1||host;my-header1;x-amz-date|cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d",
            "post-x-www-form-urlencoded|POST|/||content-type=application/x-www-form-urlencoded|Param1=value1|content-type;host;x-amz-date|ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
            "post-sts-header-before|POST|/||x-amz-security-token=" + SUITE_TOKEN
                    + "||host;x-amz-date;x-amz-security-token|85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead" })
    void theVerifierReproducesAwsTestSuite(String name, String method, String path, String query, String extra,
            String body, String signedHeaders, String signature) {
        Map<String, List<String>> headers = new TreeMap<>();
        headers.put("host", List.of("example.amazonaws.com"));
        headers.put("x-amz-date", List.of(SUITE_DATE));
        if (extra != null) {
            for (String header : extra.split(";(?=[a-z0-9-]+=)")) {
                int equals = header.indexOf('=');
                headers.put(header.substring(0, equals), List.of(header.substring(equals + 1)));
            }
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Arrived request = new Arrived(method, path, query, headers, bytes);
        assertEquals(signature, SUITE.signature(request, List.of(signedHeaders.split(";")), SUITE_DATE,
                SigV4Verifier.hex(SigV4Verifier.sha256(bytes))), name);
    }

    /** AWS's S3 documentation examples, which sign x-amz-content-sha256 as our signer does. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "GET Bucket Lifecycle|lifecycle||fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543",
            "GET Bucket (List Objects)|max-keys|2|34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7" })
    void ourSignerReproducesAwsPublishedExamplesThatSignThePayloadHash(String name, String parameter, String value,
            String signature) {
        SigV4Signer signer = new SigV4Signer("s3", "us-east-1", StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")),
                Clock.fixed(Instant.parse("2013-05-24T00:00:00Z"), ZoneOffset.UTC));
        Request request = new Request("GET", "/");
        request.addParameter(parameter, value == null ? "" : value);
        if (value != null) {
            request.addParameter("prefix", "J");
        }
        Map<String, List<String>> headers = lowerCase(signer.headers(request,
                new HttpHost("examplebucket.s3.amazonaws.com", -1, "https")));
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature,
                headers.get("authorization").get(0), name);
        assertEquals(List.of("examplebucket.s3.amazonaws.com"), headers.get("host"));
    }

    @Test
    void whatOurSignerSignsTheVerifierAcceptsWithTheBodysHashAndTheSessionToken() {
        SigV4Signer signer = new SigV4Signer("service", "us-east-1", StaticCredentialsProvider.create(
                AwsSessionCredentials.create(SUITE_KEY, SUITE_SECRET, SUITE_TOKEN)), SUITE_CLOCK);
        String body = "{\"index\":{\"_id\":\"1\"}}\n{\"a\":1}\n";
        Request request = new Request("POST", "/orders/_bulk");
        request.addParameter("refresh", "wait_for");
        request.addParameter("filter_path", "items.*.error,took");
        request.addParameter("ignore", "404"); // the client's own: not sent, so not signed
        request.setEntity(new NStringEntity(body, ContentType.APPLICATION_JSON));
        HttpHost node = new HttpHost("search-domain.eu-west-1.es.amazonaws.com", 443, "https");
        Map<String, List<String>> headers = lowerCase(signer.headers(request, node));

        assertEquals(List.of("search-domain.eu-west-1.es.amazonaws.com:443"), headers.get("host"),
                "the Host the client sends to this node, signed");
        assertEquals(List.of(SUITE_TOKEN), headers.get("x-amz-security-token"));
        assertEquals(SigV4Verifier.hex(SigV4Verifier.sha256(body.getBytes(StandardCharsets.UTF_8))),
                headers.get("x-amz-content-sha256").get(0));
        assertTrue(headers.get("authorization").get(0).contains(
                "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"));
        SigV4Verifier verifier = new SigV4Verifier(SUITE_KEY, SUITE_SECRET, SUITE_TOKEN, "us-east-1", "service");
        String query = "refresh=wait_for&filter_path=items.*.error%2Ctook";
        assertNull(verifier.problem(new Arrived("POST", "/orders/_bulk", query, headers,
                body.getBytes(StandardCharsets.UTF_8))));
        assertTrue(verifier.problem(new Arrived("POST", "/orders/_bulk", query, headers,
                body.replace('1', '2').getBytes(StandardCharsets.UTF_8))).contains("is not the body's hash"));
        assertTrue(new SigV4Verifier(SUITE_KEY, "wrong", SUITE_TOKEN, "us-east-1", "service").problem(
                new Arrived("POST", "/orders/_bulk", query, headers, body.getBytes(StandardCharsets.UTF_8)))
                .contains("signature we calculated does not match"));
    }

    @Test
    void noCredentialsIsATypedFailureThatSaysWhereTheyAreLookedFor() {
        SigV4Signer signer = new SigV4Signer("es", "eu-west-1", () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain.");
        }, SUITE_CLOCK);
        Request request = new Request("POST", "/orders/_search");
        ClusterFailure failure = assertThrows(ClusterFailure.class,
                () -> signer.headers(request, new HttpHost("search-domain", 443, "https")));
        assertEquals(ClusterFailure.Kind.NOT_SENT, failure.kind());
        assertEquals("aws_credentials_unavailable", failure.type());
        FunctionException answer = Failures.map(failure);
        assertEquals(503, answer.status());
        for (String where : List.of("aws.accessKeyId", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "~/.aws/credentials",
                "instance metadata", "was not sent")) {
            assertTrue(answer.reason().contains(where), where + ": " + answer.reason());
        }
    }

    @Test
    void startUpSaysWhatToFix() {
        assertEquals(List.of(), SigV4Signing.problems(aws(null, null), 3, true, true, true), "signing off");
        assertEquals(List.of(), SigV4Signing.problems(aws(AwsService.AOSS, "eu-west-1"), 1, false, false, false));
        List<String> problems = SigV4Signing.problems(aws(AwsService.ES, " "), 2, true, false, true);
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("es-functions.aws.region (ES_FUNCTIONS_AWS_REGION) is not set"));
        assertTrue(problems.get(1).startsWith("quarkus.elasticsearch.username is also set"));
        assertTrue(problems.get(2).startsWith("quarkus.elasticsearch.hosts names 2 hosts"));
        assertTrue(problems.get(3).startsWith("quarkus.elasticsearch.discovery.enabled is true"));
        assertTrue(SigV4Signing.problems(aws(AwsService.ES, "eu-west-1"), 1, false, true, false).get(0)
                .startsWith("quarkus.elasticsearch.api-key is also set"));
    }

    /**
     * What signing costs per {@code _bulk} request of 5 MB (the default batchBytes), on a worker thread: the SDK
     * hashes the body through its stream, from the documents' own arrays as {@code BulkBody} offers them.
     */
    @Test
    void signingAFiveMegabyteBulkBodyCostsMilliseconds() {
        SigV4Signer signer = new SigV4Signer("es", "eu-west-1", StaticCredentialsProvider.create(
                AwsSessionCredentials.create(SUITE_KEY, SUITE_SECRET, SUITE_TOKEN)), Clock.systemUTC());
        byte[][] parts = new byte[5 * 1024][];
        Arrays.setAll(parts, i -> ("{\"index\":{\"_id\":\"" + i + "\"}}\n{\"n\":" + "7".repeat(990) + "}\n")
                .getBytes(StandardCharsets.UTF_8));
        Request request = new Request("POST", "/orders/_bulk");
        request.setEntity(new Parts(parts));
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 12; i++) {
            long start = System.nanoTime();
            signer.headers(request, new HttpHost("search-domain", 443, "https"));
            best = Math.min(best, System.nanoTime() - start);
        }
        long bytes = Arrays.stream(parts).mapToLong(part -> part.length).sum();
        System.out.printf("SigV4: signing a %,d-byte _bulk body (hash included) took %.1f ms at best of 12%n", bytes,
                best / 1e6);
        assertTrue(best < 1_000_000_000L, "a second to sign 5 MB: " + best / 1e6 + " ms");
    }

    /** A body of parts read through one stream, as {@code BulkBody} is. */
    private static final class Parts extends AbstractHttpEntity {

        private final byte[][] parts;

        Parts(byte[][] parts) {
            this.parts = parts;
        }

        @Override
        public InputStream getContent() {
            return new SequenceInputStream(Collections.enumeration(Arrays.stream(parts)
                    .map(part -> (InputStream) new ByteArrayInputStream(part)).toList()));
        }

        @Override
        public void writeTo(OutputStream out) {
            throw new UnsupportedOperationException("signing reads the stream");
        }

        @Override
        public boolean isRepeatable() {
            return true;
        }

        @Override
        public long getContentLength() {
            return Arrays.stream(parts).mapToLong(part -> part.length).sum();
        }

        @Override
        public boolean isStreaming() {
            return false;
        }
    }

    private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        return headers.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toLowerCase(), Map.Entry::getValue,
                (a, b) -> a, TreeMap::new));
    }

    private static EsFunctionsConfig.Aws aws(AwsService service, String region) {
        return new EsFunctionsConfig.Aws() {
            @Override
            public Optional<AwsService> service() {
                return Optional.ofNullable(service);
            }

            @Override
            public Optional<String> region() {
                return Optional.ofNullable(region);
            }
        };
    }
}
