package dev.esfunctions.localcluster;

/**
 * The local Elasticsearch for {@code native/run-local}, which runs the packaged application (it holds no code to
 * start one): prints {@code address=host:port} once the server answers, then holds it until this process's parent
 * (the application, which run-local execs into) ends, or this process is stopped; the server stops with it.
 */
public final class LocalClusterMain {

    private LocalClusterMain() {
    }

    public static void main(String[] args) {
        String address = LocalElasticsearchConfigSourceFactory.localAddress("run-local",
                LocalElasticsearchConfigSourceFactory.HOME);
        System.out.println("address=" + address);
        System.out.flush();
        // Ends when the parent does, however it ends (kill -9 included): System.exit runs the hook that stops
        // the server.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().join());
        System.exit(0);
    }
}
