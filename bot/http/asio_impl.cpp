// The compiled parts of Asio and Beast, built once for the whole program
// (BOOST_ASIO_SEPARATE_COMPILATION / BOOST_BEAST_SEPARATE_COMPILATION), which keeps every
// other translation unit that uses them quick to compile.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
