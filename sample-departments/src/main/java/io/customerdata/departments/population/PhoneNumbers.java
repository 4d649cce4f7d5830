package io.customerdata.departments.population;

import java.util.SplittableRandom;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Synthetic phone numbers and the different ways departmental systems write them. */
public final class PhoneNumbers {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	private PhoneNumbers() {
	}

	/**
	 * A mobile number of the country in E.164: the country's example mobile number with
	 * its last six digits drawn at random, so it keeps the country's length and
	 * formatting.
	 */
	static String mobile(String country, SplittableRandom random) {
		PhoneNumber example = UTIL.getExampleNumberForType(country, PhoneNumberType.MOBILE);
		long national = example.getNationalNumber();
		long varied = national - national % 1_000_000 + random.nextInt(1_000_000);
		PhoneNumber number = new PhoneNumber().setCountryCode(example.getCountryCode()).setNationalNumber(varied);
		return UTIL.format(number, PhoneNumberFormat.E164);
	}

	/**
	 * The E.164 number written in another convention, e.g. "+44 7700 900123" or "07700
	 * 900123".
	 */
	public static String format(String e164, PhoneNumberFormat format) {
		try {
			return UTIL.format(UTIL.parse(e164, null), format);
		}
		catch (com.google.i18n.phonenumbers.NumberParseException ex) {
			throw new IllegalArgumentException("not an E.164 number", ex);
		}
	}

	/**
	 * The digits a lookup compares: a number in any international notation, or a national
	 * one with the country it belongs to. Blank when the text is no phone number.
	 */
	public static String lookupKey(String text, String defaultCountry) {
		try {
			return UTIL.format(UTIL.parse(text, defaultCountry), PhoneNumberFormat.E164);
		}
		catch (com.google.i18n.phonenumbers.NumberParseException ex) {
			return "";
		}
	}

	/**
	 * The number's digits without its country code or national prefix ("07700 900123" in
	 * GB → {@code 7700900123}), as HubSpot keeps it searchable; blank when the text is no
	 * phone number.
	 */
	public static String withoutCountryCode(String text, String defaultCountry) {
		try {
			return UTIL.getNationalSignificantNumber(UTIL.parse(text, defaultCountry));
		}
		catch (com.google.i18n.phonenumbers.NumberParseException ex) {
			return "";
		}
	}

}
