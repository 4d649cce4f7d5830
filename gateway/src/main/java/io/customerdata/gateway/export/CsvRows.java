package io.customerdata.gateway.export;

import java.util.List;
import java.util.Set;

import tools.jackson.databind.ObjectWriter;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * The one way the gateway writes CSV: rows by Jackson (RFC 4180 quoting), each cell
 * neutralised first, as OWASP's CSV injection rule has it: a cell that starts with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading
 * {@code '}, so that a spreadsheet shows it as text instead of evaluating it. A subject's
 * name, a department or a reference sent by a caller is then never a live formula in an
 * officer's spreadsheet.
 */
public final class CsvRows {

	private static final Set<Character> FORMULA_STARTS = Set.of('=', '+', '-', '@', '\t', '\r');

	private final ObjectWriter row = CsvMapper.builder().build().writer(CsvSchema.emptySchema());

	/** One line, ending in a line break. */
	public String row(List<?> cells) {
		return this.row.writeValueAsString(cells.stream().map((cell) -> neutralised(String.valueOf(cell))).toList());
	}

	/** The cell as text a spreadsheet does not evaluate. */
	public static String neutralised(String cell) {
		return (!cell.isEmpty() && FORMULA_STARTS.contains(cell.charAt(0))) ? "'" + cell : cell;
	}

}
