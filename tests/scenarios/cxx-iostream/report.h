// Interface of libreport.so (iostream use from a library).
#pragma once
#include <iosfwd>
#include <map>
#include <string>

const void *report_cout_address();   // &std::cout as the library sees it
std::string report_format(const std::map<std::string, int> &counts);
void report_print(const std::map<std::string, int> &counts); // writes to std::cout
void report_warn(const std::string &msg);                     // writes to std::cerr
void report_mixed();                                          // interleaves printf and std::cout
