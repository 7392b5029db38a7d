package dev.esfunctions;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SigV4, written from AWS's specification with javax.crypto alone (not the AWS SDK that es-functions signs with), to
 * check what es-functions sends as AWS would: it recomputes a request's signature from the request as it arrived,
 * with the payload hash of the body's actual bytes. {@code SigV4SigningTest} proves it against AWS's published test
 * vectors.
 *
 * @param sessionToken the token a request must carry and sign in {@code x-amz-security-token}; null for none
 */
public record SigV4Verifier(String accessKey, String secretKey, String sessionToken, String region, String service) {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([a-z0-9;-]+), "
                    + "Signature=([0-9a-f]{64})");

    /** A request as it arrived: headers by lower-case name, the path and query as sent (encoded). */
    public record Arrived(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** Null when {@code request} carries a valid signature of this verifier's credentials; otherwise why not. */
    public String problem(Arrived request) {
        String authorization = request.header("authorization");
        if (authorization == null) {
            return "no Authorization header";
        }
        Matcher parsed = AUTHORIZATION.matcher(authorization);
        if (!parsed.matches()) {
            return "Authorization is not SigV4: " + authorization;
        }
        String date = request.header("x-amz-date");
        if (date == null || !date.startsWith(parsed.group(2))) {
            return "x-amz-date " + date + " is not the credential's date " + parsed.group(2);
        }
        if (!parsed.group(1).equals(accessKey) || !parsed.group(3).equals(region) || !parsed.group(4).equals(service)) {
            return "the credential " + parsed.group(1) + "/" + parsed.group(3) + "/" + parsed.group(4)
                    + " is not " + accessKey + "/" + region + "/" + service;
        }
        List<String> signed = List.of(parsed.group(5).split(";"));
        for (String required : required()) {
            if (!signed.contains(required)) {
                return required + " is not signed: " + signed;
            }
        }
        if (sessionToken != null && !sessionToken.equals(request.header("x-amz-security-token"))) {
            return "x-amz-security-token is not the session token";
        }
        String bodyHash = hex(sha256(request.body()));
        if (!bodyHash.equals(request.header("x-amz-content-sha256"))) {
            return "x-amz-content-sha256 " + request.header("x-amz-content-sha256") + " is not the body's hash " + bodyHash;
        }
        String expected = signature(request, signed, date, bodyHash);
        return expected.equals(parsed.group(6)) ? null : "The request signature we calculated does not match the "
                + "signature you provided (expected " + expected + ")";
    }

    private List<String> required() {
        return sessionToken == null ? List.of("host", "x-amz-date", "x-amz-content-sha256")
                : List.of("host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token");
    }

    /** The signature of {@code request} over the headers {@code signed}, dated {@code date}, for that payload hash. */
    public String signature(Arrived request, List<String> signed, String date, String payloadHash) {
        String canonical = String.join("\n", request.method(), canonicalPath(request.rawPath()),
                canonicalQuery(request.rawQuery()), canonicalHeaders(request, signed), String.join(";", signed),
                payloadHash);
        String scope = date.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        String toSign = String.join("\n", "AWS4-HMAC-SHA256", date, scope,
                hex(sha256(canonical.getBytes(StandardCharsets.UTF_8))));
        byte[] key = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
        for (String part : List.of(date.substring(0, 8), region, service, "aws4_request")) {
            key = hmac(key, part);
        }
        return hex(hmac(key, toSign));
    }

    /**
     * Each segment of the path as sent, URI-encoded once more: the specification's double encoding for every
     * service but S3 (a path without reserved characters is the same either way).
     */
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return Arrays.stream(rawPath.split("/", -1)).map(SigV4Verifier::encode).collect(Collectors.joining("/"));
    }

    /** Names and values decoded and encoded again, sorted by name, then value. */
    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            pairs.add(new String[] { encode(decode(name)), encode(decode(value)) });
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        return pairs.stream().map(pair -> pair[0] + "=" + pair[1]).collect(Collectors.joining("&"));
    }

    /** Each signed header: its values trimmed, inner runs of spaces made one, joined with commas. */
    private static String canonicalHeaders(Arrived request, List<String> signed) {
        StringBuilder headers = new StringBuilder();
        for (String name : signed) {
            List<String> values = request.headers().getOrDefault(name, List.of());
            headers.append(name).append(':').append(values.stream().map(v -> v.trim().replaceAll(" +", " "))
                    .collect(Collectors.joining(","))).append('\n');
        }
        return headers.toString();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** RFC 3986: everything but the unreserved characters, as %XY in upper case. */
    private static String encode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-_.~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
            }
        }
        return encoded.toString();
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
