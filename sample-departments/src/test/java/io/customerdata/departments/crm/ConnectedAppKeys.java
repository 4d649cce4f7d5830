package io.customerdata.departments.crm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A connected app's key pair and self-signed certificate, made at test time with the
 * JDK's {@code keytool} (never committed, never real), as an administrator makes them for
 * Salesforce's JWT bearer flow.
 */
record ConnectedAppKeys(PrivateKey privateKey, Path certificate) {

	private static final char[] STORE_PASSWORD = "test-only".toCharArray();

	static ConnectedAppKeys make(Path directory) {
		try {
			Path store = directory.resolve("connected-app-" + System.nanoTime() + ".p12");
			Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
					"-genkeypair", "-alias", "app", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
					"CN=connected app test only", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass",
					new String(STORE_PASSWORD))
				.redirectErrorStream(true)
				.start();
			keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
			if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
				throw new IllegalStateException("keytool failed");
			}
			KeyStore keys = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(store)) {
				keys.load(in, STORE_PASSWORD);
			}
			Certificate certificate = keys.getCertificate("app");
			Path pem = directory.resolve(store.getFileName() + ".crt");
			Files.writeString(pem,
					"-----BEGIN CERTIFICATE-----\n"
							+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
								.encodeToString(certificate.getEncoded())
							+ "\n-----END CERTIFICATE-----\n");
			return new ConnectedAppKeys((PrivateKey) keys.getKey("app", STORE_PASSWORD), pem);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
