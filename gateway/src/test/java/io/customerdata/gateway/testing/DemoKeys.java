package io.customerdata.gateway.testing;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * RSA key pairs made at test time (never committed, never real): what a SaaS
 * administrator makes with {@code openssl} for a connected app's certificate.
 */
public final class DemoKeys {

	private DemoKeys() {
	}

	public static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The private key as PEM, PKCS#8, as {@code openssl genpkey} writes it. */
	public static String privateKeyPem(KeyPair keys) {
		return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
	}

	private static String pem(String type, byte[] der) {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
	}

}
