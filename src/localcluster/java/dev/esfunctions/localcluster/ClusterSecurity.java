package dev.esfunctions.localcluster;

import java.nio.file.Path;
import java.util.List;

/**
 * Security for a local server that tests authentication against: HTTPS with the given PEM files, file-realm users,
 * and roles (roles.yml content). The first user is the one start-up waits with.
 */
public record ClusterSecurity(Path caCertificate, Path certificate, Path key, String roles, List<User> users) {

    public record User(String name, String password, String role) {
    }
}
