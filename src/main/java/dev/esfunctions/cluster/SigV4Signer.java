package dev.esfunctions.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.client.utils.URIBuilder;
import org.elasticsearch.client.Request;

import dev.esfunctions.errors.ClusterFailure;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs one request with AWS's SigV4 signer, for the host it goes to. The signer hashes the body itself (the
 * {@code x-amz-content-sha256} it signs and sends, which Serverless requires): a {@code _bulk} body is read through
 * its own stream, part after part from the documents' arrays, with no copy. It offers no way to hand it a hash
 * computed elsewhere, so the whole signing happens where the gateway prepares a request, on a worker thread: never
 * on the client's I/O thread, which it would hold for the hash of a 5 MB body (about 15 ms), nor on an event loop,
 * which a credential refresh from the instance metadata or container endpoint would block.
 */
final class SigV4Signer {

    /** Where the default provider chain looks, for the reason of a call that finds no credentials. */
    static final String CHAIN = "the AWS default credentials provider chain: the system properties aws.accessKeyId, "
            + "aws.secretAccessKey and aws.sessionToken; the environment variables AWS_ACCESS_KEY_ID, "
            + "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (a Lambda function's role); a web identity token "
            + "(AWS_WEB_IDENTITY_TOKEN_FILE); the profile of ~/.aws/credentials and ~/.aws/config (AWS_PROFILE); the "
            + "container credentials endpoint (ECS, EKS pod identity); the EC2 instance metadata service";

    /** The client's own parameter, taken out of the request before it is sent. */
    private static final String IGNORE = "ignore";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final String service;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;

    /**
     * {@code credentials} caches what it resolves and refreshes it before it expires (the default chain does);
     * {@code clock} dates the signatures.
     */
    SigV4Signer(String service, String region, AwsCredentialsProvider credentials, Clock clock) {
        this.service = service;
        this.region = region;
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * The headers that sign {@code request} for {@code target}: {@code Host} (sent as signed, so that the client does
     * not write one of its own), {@code X-Amz-Date}, {@code x-amz-content-sha256}, {@code X-Amz-Security-Token} with
     * temporary credentials, and {@code Authorization}. Fails as {@link ClusterFailure.Kind#NOT_SENT} when no
     * credentials can be found.
     */
    Map<String, List<String>> headers(Request request, HttpHost target) {
        AwsCredentialsIdentity identity = identity(request);
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.getMethod()))
                .uri(uri(request, target))
                .putHeader("Host", target.toHostString());
        HttpEntity body = request.getEntity();
        SignedRequest signed = signer.sign(sign -> sign.request(unsigned.build()).identity(identity)
                .payload(body == null ? null : ContentStreamProvider.fromInputStreamSupplier(() -> content(body)))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        return signed.request().headers();
    }

    private AwsCredentialsIdentity identity(Request request) {
        try {
            return credentials.resolveCredentials();
        } catch (SdkClientException | IllegalStateException e) {
            String call = ClusterFailures.call(request);
            throw new ClusterFailure(ClusterFailure.Kind.NOT_SENT, call, 0, "aws_credentials_unavailable",
                    "no AWS credentials could be found to sign " + call + " with SigV4 (es-functions.aws.service "
                            + service + "): " + e.getMessage() + " They are looked for in " + CHAIN + "; "
                            + call + " was not sent", e);
        }
    }

    /**
     * The URI the client sends: the endpoint and its parameters encoded as the client encodes them, without
     * {@code ignore}, which tells the client which statuses to hand over as answers and which it does not send.
     */
    private static URI uri(Request request, HttpHost target) {
        try {
            URIBuilder uri = new URIBuilder(request.getEndpoint()).setScheme(target.getSchemeName())
                    .setHost(target.getHostName()).setPort(target.getPort());
            request.getParameters().forEach((name, value) -> {
                if (!IGNORE.equals(name)) {
                    uri.addParameter(name, value);
                }
            });
            return uri.build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + request.getEndpoint(), e);
        }
    }

    private static InputStream content(HttpEntity body) {
        try {
            return body.getContent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
