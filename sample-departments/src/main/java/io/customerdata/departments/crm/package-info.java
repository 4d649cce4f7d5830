@NullMarked
package io.customerdata.departments.crm;

import org.jspecify.annotations.NullMarked;
