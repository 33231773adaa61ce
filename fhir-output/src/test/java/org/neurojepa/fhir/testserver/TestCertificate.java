package org.neurojepa.fhir.testserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.neurojepa.testkit.junit.ExternalProcess;

/**
 * A self-signed server certificate for 127.0.0.1 made with the JDK's keytool: the server's PKCS12
 * key store, and a trust store holding only its certificate, as a site would install it.
 */
public record TestCertificate(int port, Path keystore, Path truststore, String password) {

  public static TestCertificate create(Path dir, int port) {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Path keystore = dir.resolve("server.p12");
    Path cert = dir.resolve("server.crt");
    Path truststore = dir.resolve("trust.p12");
    String password = "test-" + Long.toHexString(System.nanoTime());
    run(dir, List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password));
    run(dir, List.of(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", password, "-file", cert.toString()));
    run(dir, List.of(keytool, "-importcert", "-noprompt", "-alias", "fhir-test-server", "-file", cert.toString(),
        "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", password));
    return new TestCertificate(port, keystore, truststore, password);
  }

  private static void run(Path dir, List<String> command) {
    int rc = ExternalProcess.run("keytool", command, dir, Duration.ofSeconds(60));
    if (rc != 0) {
      throw new IllegalStateException("keytool failed (" + rc + "): " + command);
    }
  }
}
