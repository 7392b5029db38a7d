package dev.esfunctions.localcluster;

/**
 * The local Elasticsearch for {@code native/run-local}, which runs the packaged application (it holds no code to
 * start one): prints {@code address=host:port} once the server answers, then holds it until this process is
 * stopped, when the server stops with it.
 */
public final class LocalClusterMain {

    private LocalClusterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String address = LocalElasticsearchConfigSourceFactory.localAddress("dev", LocalElasticsearchConfigSourceFactory.HOME);
        System.out.println("address=" + address);
        System.out.flush();
        Thread.currentThread().join();
    }
}
