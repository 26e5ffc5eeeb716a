// Virtual calls, dynamic_cast (down-, cross- and failed casts) and typeid comparisons across
// libshape.so, libderived.so and classes the program derives from library classes.
#include "shape.h"
#include <cstdio>
#include <memory>
#include <typeinfo>
#include <vector>

class Triangle : public Shape, public Labeled {
public:
    Triangle(double b, double h) : b_(b), h_(h) {}
    ~Triangle() override { std::printf("    ~Triangle\n"); }
    double area() const override { return b_ * h_ / 2; }
    std::string name() const override { return "triangle"; }
    int sides() const override { return 3; }
    std::string label() const override { return "label:tri"; }
private:
    double b_, h_;
};

class BigSquare : public Square { // derives from a libderived class
public:
    BigSquare() : Square(10) {}
    ~BigSquare() override { std::printf("    ~BigSquare\n"); }
    std::string name() const override { return "big " + Square::name(); }
};

int main()
{
    std::vector<Shape *> v = {make_circle(2), make_square(3), make_colored_circle(1, "red"),
                              make_hexagon(2), new Triangle(4, 5), new BigSquare};
    for (Shape *s : v) {
        std::printf("%s\n", s->describe().c_str());
        std::printf("  %s\n", shape_probe(*s).c_str());
        std::printf("  %s\n", derived_label(*s).c_str());
        std::printf("  main: typeid=%s Circle*=%d Square*=%d Labeled*=%d Hexagon*=%d void*==self:%d\n",
                    typeid(*s).name(), dynamic_cast<Circle *>(s) != nullptr,
                    dynamic_cast<Square *>(s) != nullptr, dynamic_cast<Labeled *>(s) != nullptr,
                    dynamic_cast<Hexagon *>(s) != nullptr,
                    dynamic_cast<void *>(s) == (void *)s);
    }
    std::printf("typeid(*v[0])==typeid(Circle): %d\n", typeid(*v[0]) == typeid(Circle));
    std::printf("typeid(*v[2])==typeid(ColoredCircle): %d\n", typeid(*v[2]) == typeid(ColoredCircle));
    std::printf("typeid(*v[2])==typeid(Circle): %d\n", typeid(*v[2]) == typeid(Circle));
    std::printf("typeid(*v[5])==typeid(BigSquare): %d before(Square): %d/%d\n",
                typeid(*v[5]) == typeid(BigSquare), typeid(Square).before(typeid(BigSquare)),
                typeid(BigSquare).before(typeid(Square)));
    Labeled *lab = dynamic_cast<Labeled *>(v[2]);
    Shape *back = dynamic_cast<Shape *>(lab); // cross-cast back from the second base
    std::printf("cross-cast round trip: %d, label=%s\n", back == v[2], lab->label().c_str());
    double (Shape::*pm)() const = &Shape::area;
    double sum = 0;
    for (Shape *s : v)
        sum += (s->*pm)();
    std::printf("area via member pointer=%.2f, via libshape=%.2f\n", sum, total_area(v.data(), (int)v.size()));
    for (Shape *s : v) {
        std::printf("  delete %s\n", s->name().c_str());
        delete s;
    }
    return 0;
}
