package dev.esfunctions.errors;

/**
 * A request to the cluster that failed, typed by what is known of its fate: whether it can have been applied decides
 * whether it may be sent again. Raised where it arises (the gateway); {@link Failures} maps it to the caller's
 * contract. {@code status} and {@code type} are the cluster's for {@link Kind#ANSWERED}, and {@code server} the name
 * the server that answered goes by (Elasticsearch, OpenSearch), where it is known.
 */
public final class ClusterFailure extends RuntimeException {

    /**
     * The type of a request not sent because the call's time before the platform's limit ran out: never sent again,
     * as no later attempt could start either.
     */
    public static final String OUT_OF_TIME = "out_of_time";

    public enum Kind {
        /** It never left this process: no connection could be opened, or none came free in time. Not applied. */
        NOT_SENT,
        /** The cluster answered with an error status. */
        ANSWERED,
        /** It was sent and no answer came back (a timeout, a reset, a closed connection): it may have been applied. */
        NO_ANSWER,
        /** The TLS handshake failed: nothing was sent, and sending again fails the same way. */
        TLS,
        /** The cluster answered with something the client cannot read (too large, not JSON): applied, outcome unread. */
        UNREADABLE_ANSWER
    }

    private final Kind kind;
    private final String call;
    private final int status;
    private final String type;
    private final String reason;
    private final String server;

    /** {@code call} names the request ({@code POST /orders/_bulk}); {@code reason} says what happened to it. */
    public ClusterFailure(Kind kind, String call, int status, String type, String reason, Throwable cause) {
        this(kind, call, status, type, reason, cause, null);
    }

    private ClusterFailure(Kind kind, String call, int status, String type, String reason, Throwable cause,
            String server) {
        super(reason, cause, false, false);
        this.kind = kind;
        this.call = call;
        this.status = status;
        this.type = type;
        this.reason = reason;
        this.server = server;
    }

    /** The same failure, said to be {@code server}'s answer. */
    public ClusterFailure answeredBy(String server) {
        return new ClusterFailure(kind, call, status, type, reason, getCause(), server);
    }

    /** The same failure, its reason followed by {@code advice}: what to do about it. */
    public ClusterFailure advising(String advice) {
        return new ClusterFailure(kind, call, status, type, reason + "; " + advice, getCause(), server);
    }

    public Kind kind() {
        return kind;
    }

    /** The request, as method and path: it names the index, which the cluster's own reason may leave out. */
    public String call() {
        return call;
    }

    /** The cluster's HTTP status when it answered; 0 otherwise. */
    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String reason() {
        return reason;
    }

    /** The name the server that answered goes by; null where it is not known. */
    public String server() {
        return server;
    }

    /** Whether the request cannot have been applied, so that sending it again cannot apply it twice. */
    public boolean notApplied() {
        return kind == Kind.NOT_SENT || kind == Kind.TLS
                || kind == Kind.ANSWERED && (status < 500 || status == 503);
    }

    /**
     * Whether the same request may succeed later: the cluster was busy, unavailable or silent. Sent again only when
     * it cannot have been applied, or when applying it twice does no harm.
     */
    public boolean isTransient() {
        return kind == Kind.NOT_SENT && !OUT_OF_TIME.equals(type) || kind == Kind.NO_ANSWER
                || kind == Kind.ANSWERED && (status == 429 || status == 502 || status == 503 || status == 504);
    }
}
