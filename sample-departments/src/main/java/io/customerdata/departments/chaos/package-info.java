@NullMarked
package io.customerdata.departments.chaos;

import org.jspecify.annotations.NullMarked;
