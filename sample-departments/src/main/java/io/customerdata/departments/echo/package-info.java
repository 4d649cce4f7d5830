@NullMarked
package io.customerdata.departments.echo;

import org.jspecify.annotations.NullMarked;
