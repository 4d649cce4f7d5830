@NullMarked
package io.customerdata.departments.marketing;

import org.jspecify.annotations.NullMarked;
