/**
 * The files the gateway hands to people: CSV for spreadsheets, written so that no cell a
 * caller influenced is taken for a formula.
 */
@NullMarked
package io.customerdata.gateway.export;

import org.jspecify.annotations.NullMarked;
